#include "core/links/qr_renderer.h"

#include <Poco/String.h>
#include <png.h>
#include <qrencode.h>

#include <cerrno>
#include <csetjmp>
#include <cstring>
#include <memory>
#include <vector>

#include "core/base/errors.h"

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

void appendToString(png_structp png, png_bytep data, png_size_t length) {
  auto* out = static_cast<std::string*>(png_get_io_ptr(png));
  out->append(reinterpret_cast<const char*>(data), length);
}

void flushNothing(png_structp) {}

// The packed rows of the image: one row of bits per module row (white = 1, as PNG gray 1-bit
// reads 0 as black), each written modulePx times.
struct Bitmap {
  int pixels = 0;    // width and height in pixels
  int modulePx = 0;  // how many times each module row is written
  size_t rowBytes = 0;
  std::vector<png_byte> rows;  // (modules + 2 * quiet) rows of rowBytes
};

Bitmap pack(const QRcode& code, const QrOptions& options) {
  Bitmap bitmap;
  const int modules = code.width + 2 * options.quietZone;
  bitmap.pixels = modules * options.modulePx;
  bitmap.modulePx = options.modulePx;
  bitmap.rowBytes = (static_cast<size_t>(bitmap.pixels) + 7) / 8;
  bitmap.rows.assign(bitmap.rowBytes * modules, 0xFF);
  for (int y = 0; y < code.width; ++y) {
    png_byte* row = &bitmap.rows[bitmap.rowBytes * (y + options.quietZone)];
    const unsigned char* source = code.data + static_cast<size_t>(y) * code.width;
    for (int x = 0; x < code.width; ++x) {
      if ((source[x] & 1) == 0) continue;
      size_t first = static_cast<size_t>(x + options.quietZone) * options.modulePx;
      for (size_t bit = first; bit < first + options.modulePx; ++bit) {
        row[bit >> 3] &= static_cast<png_byte>(~(0x80u >> (bit & 7)));
      }
    }
  }
  return bitmap;
}

// libpng reports errors by longjmp: this function holds no object with a destructor, so the jump
// back skips nothing that needs cleaning up. Returns false when libpng failed.
bool writePng(png_structp png, png_infop info, const Bitmap& bitmap, std::string* out) {
  if (setjmp(png_jmpbuf(png))) return false;
  png_set_write_fn(png, out, appendToString, flushNothing);
  png_set_IHDR(png, info, static_cast<png_uint_32>(bitmap.pixels),
               static_cast<png_uint_32>(bitmap.pixels), 1, PNG_COLOR_TYPE_GRAY, PNG_INTERLACE_NONE,
               PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  png_write_info(png, info);
  const size_t moduleRows = bitmap.rows.size() / bitmap.rowBytes;
  for (size_t m = 0; m < moduleRows; ++m) {
    png_const_bytep row = &bitmap.rows[m * bitmap.rowBytes];
    for (int repeat = 0; repeat < bitmap.modulePx; ++repeat) png_write_row(png, row);
  }
  png_write_end(png, info);
  return true;
}

}  // namespace

QrErrorCorrection parseQrErrorCorrection(const std::string& value, const std::string& key) {
  const std::string level = Poco::toUpper(Poco::trim(value));
  if (level == "L") return QrErrorCorrection::kLow;
  if (level == "M") return QrErrorCorrection::kMedium;
  if (level == "Q") return QrErrorCorrection::kQuartile;
  if (level == "H") return QrErrorCorrection::kHigh;
  throw ConfigurationError(key + ": '" + value +
                           "' is not an error correction level: use L, M, Q or H");
}

std::string renderQrPng(const std::string& text, const QrOptions& options) {
  if (options.modulePx < 1 || options.modulePx > 64) {
    throw ConfigurationError("qr.module_px: " + std::to_string(options.modulePx) +
                             " is out of range: use 1 to 64");
  }
  if (options.quietZone < 0 || options.quietZone > 64) {
    throw ConfigurationError("qr.quiet_zone: " + std::to_string(options.quietZone) +
                             " is out of range: use 0 to 64");
  }
  std::unique_ptr<QRcode, QrCodeDeleter> code(QRcode_encodeData(
      static_cast<int>(text.size()), reinterpret_cast<const unsigned char*>(text.data()), 0,
      toQrLevel(options.errorCorrection)));
  if (!code) {
    if (errno == ERANGE) {
      throw InputError("qr: a text of " + std::to_string(text.size()) +
                       " bytes does not fit in a QR code: shorten it or lower qr.error_correction");
    }
    throw RacesyncError(std::string("qr: libqrencode failed: ") + std::strerror(errno));
  }
  const Bitmap bitmap = pack(*code, options);

  png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
  if (png == nullptr) throw RacesyncError("qr: libpng could not start (out of memory)");
  png_infop info = png_create_info_struct(png);
  if (info == nullptr) {
    png_destroy_write_struct(&png, nullptr);
    throw RacesyncError("qr: libpng could not start (out of memory)");
  }
  std::string out;
  out.reserve(bitmap.rows.size() / 2 + 256);
  const bool written = writePng(png, info, bitmap, &out);
  png_destroy_write_struct(&png, &info);
  if (!written) throw RacesyncError("qr: libpng failed to write the image");
  return out;
}

}  // namespace racesync
