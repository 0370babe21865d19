#include "core/labels/qr_matrix.h"

#include <qrencode.h>

#include <cerrno>
#include <cstring>
#include <memory>

#include "core/base/errors.h"
#include "core/labels/print_keys.h"

namespace racesync {
namespace {

struct QrCodeDeleter {
  void operator()(QRcode* code) const { QRcode_free(code); }
};

QRecLevel toQrLevel(QrErrorCorrection level) {
  switch (level) {
    case QrErrorCorrection::kLow:
      return QR_ECLEVEL_L;
    case QrErrorCorrection::kMedium:
      return QR_ECLEVEL_M;
    case QrErrorCorrection::kQuartile:
      return QR_ECLEVEL_Q;
    case QrErrorCorrection::kHigh:
      return QR_ECLEVEL_H;
  }
  return QR_ECLEVEL_M;
}

}  // namespace

QrMatrix encodeQrMatrix(const std::string& text, QrErrorCorrection level,
                        const std::string& place) {
  std::unique_ptr<QRcode, QrCodeDeleter> code(
      QRcode_encodeData(static_cast<int>(text.size()),
                        reinterpret_cast<const unsigned char*>(text.data()), 0, toQrLevel(level)));
  if (!code) {
    if (errno == ERANGE) {
      throw InputError(place + ": a text of " + std::to_string(text.size()) +
                       " bytes does not fit in a QR code: shorten it or lower " +
                       print_key::kErrorCorrection);
    }
    throw RacesyncError(place + ": libqrencode failed: " + std::strerror(errno));
  }
  QrMatrix matrix;
  matrix.size = code->width;
  const size_t cells = static_cast<size_t>(code->width) * code->width;
  matrix.dark.resize(cells);
  // libqrencode keeps other facts in the upper bits; bit 0 is the colour.
  for (size_t i = 0; i < cells; ++i) matrix.dark[i] = code->data[i] & 1;
  return matrix;
}

std::vector<ModuleRun> darkRuns(const QrMatrix& matrix) {
  std::vector<ModuleRun> runs;
  for (int y = 0; y < matrix.size; ++y) {
    int x = 0;
    while (x < matrix.size) {
      if (!matrix.isDark(x, y)) {
        ++x;
        continue;
      }
      const int start = x;
      while (x < matrix.size && matrix.isDark(x, y)) ++x;
      runs.push_back({start, y, x - start});
    }
  }
  return runs;
}

}  // namespace racesync
