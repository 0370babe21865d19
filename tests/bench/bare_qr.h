// The reference every QR figure is measured against: what a plain C program does with libqrencode
// and libpng, one pixel at a time, into memory (module 8 px, quiet zone 4, error correction M).
// Shared by the qr and scale benchmarks.
#pragma once

#include <png.h>
#include <qrencode.h>

#include <cstdlib>
#include <string>
#include <vector>

namespace racesync::bench {

inline void appendPngBytes(png_structp png, png_bytep data, png_size_t length) {
  auto* out = static_cast<std::vector<unsigned char>*>(png_get_io_ptr(png));
  out->insert(out->end(), data, data + length);
}
inline void noPngFlush(png_structp) {}

// Encodes `text` and writes its PNG into memory; returns the PNG's size in bytes.
inline size_t bareQrLoop(const std::string& text) {
  const int modulePx = 8;
  const int quiet = 4;
  QRcode* code = QRcode_encodeString8bit(text.c_str(), 0, QR_ECLEVEL_M);
  if (code == nullptr) std::abort();
  const int size = (code->width + 2 * quiet) * modulePx;
  std::vector<unsigned char> out;
  png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
  png_infop info = png_create_info_struct(png);
  if (setjmp(png_jmpbuf(png))) std::abort();
  png_set_write_fn(png, &out, appendPngBytes, noPngFlush);
  png_set_IHDR(png, info, size, size, 1, PNG_COLOR_TYPE_GRAY, PNG_INTERLACE_NONE,
               PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  png_write_info(png, info);
  std::vector<unsigned char> row((size + 7) / 8);
  for (int y = 0; y < size; ++y) {
    std::fill(row.begin(), row.end(), 0);
    const int my = y / modulePx - quiet;
    for (int x = 0; x < size; ++x) {
      const int mx = x / modulePx - quiet;
      const bool black = my >= 0 && my < code->width && mx >= 0 && mx < code->width &&
                         (code->data[my * code->width + mx] & 1);
      if (!black) row[x / 8] |= static_cast<unsigned char>(0x80 >> (x % 8));
    }
    png_write_row(png, row.data());
  }
  png_write_end(png, info);
  png_destroy_write_struct(&png, &info);
  QRcode_free(code);
  return out.size();
}

}  // namespace racesync::bench
