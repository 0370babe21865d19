#include "core/base/terminal_text.h"

#include <cstdio>

namespace racesync {

namespace {

std::string hexEscape(const char* format, unsigned value) {
  char buffer[8];
  std::snprintf(buffer, sizeof buffer, format, value);
  return buffer;
}

// The code point of a UTF-8 sequence of `length` bytes at `text[i]` that a terminal may act on
// (C1 control, bidirectional override or isolate), or 0 when it is harmless.
unsigned dangerousCodePoint(const std::string& text, std::size_t i, std::size_t& length) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[i + k]); };
  if (byte(0) == 0xC2 && i + 1 < text.size() && byte(1) >= 0x80 && byte(1) <= 0x9F) {
    length = 2;
    return byte(1);
  }
  if (byte(0) == 0xE2 && i + 2 < text.size()) {
    const unsigned point = ((byte(0) & 0x0Fu) << 12) | ((byte(1) & 0x3Fu) << 6) | (byte(2) & 0x3Fu);
    const bool continuation = (byte(1) & 0xC0) == 0x80 && (byte(2) & 0xC0) == 0x80;
    if (continuation &&
        ((point >= 0x202A && point <= 0x202E) || (point >= 0x2066 && point <= 0x2069))) {
      length = 3;
      return point;
    }
  }
  return 0;
}

std::string escaped(const std::string& text, bool keepNewlines) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '\n' && keepNewlines) {
      out += '\n';
    } else if (c < 0x20 || c == 0x7F) {
      out += hexEscape("\\x%02x", c);
    } else if (c >= 0xC2) {
      std::size_t length = 0;
      const unsigned point = dangerousCodePoint(text, i, length);
      if (point == 0) {
        out += text[i];
        continue;
      }
      out += hexEscape("\\u%04x", point);
      i += length - 1;
    } else {
      out += text[i];
    }
  }
  return out;
}

}  // namespace

std::string terminalLine(const std::string& text) { return escaped(text, false); }

std::string terminalText(const std::string& text) { return escaped(text, true); }

}  // namespace racesync
