#include "core/base/js_text.h"

#include <cstdio>

namespace racesync {

namespace {

void appendUnicodeEscape(std::string& out, unsigned codePoint) {
  char buffer[8];
  std::snprintf(buffer, sizeof buffer, "\\u%04X", codePoint & 0xFFFFu);
  out += buffer;
}

// The length of the valid UTF-8 sequence at `i` (0 when it is not one), its code point in `cp`.
std::size_t utf8Sequence(const std::string& text, std::size_t i, unsigned& cp) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  unsigned lead = byte(i);
  std::size_t length = lead >= 0xF0 && lead <= 0xF4   ? 4
                       : lead >= 0xE0 && lead <= 0xEF ? 3
                       : lead >= 0xC2 && lead <= 0xDF ? 2
                                                      : 0;
  if (length == 0 || i + length > text.size()) return 0;
  cp = lead & (0xFFu >> (length + 1));
  for (std::size_t k = 1; k < length; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (byte(i + k) & 0x3F);
  }
  // Overlong forms, surrogates and values past U+10FFFF are not UTF-8.
  static const unsigned kMinimum[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kMinimum[length] || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) return 0;
  return length;
}

// ASCII that stands for itself in a JavaScript string inside HTML.
bool plainAscii(unsigned char c) {
  return c >= 0x20 && c < 0x7F && c != '\\' && c != '"' && c != '\'' && c != '<' && c != '>' &&
         c != '&';
}

}  // namespace

std::string jsText(const std::string& text) {
  std::string out;
  out.reserve(text.size() + 8);
  for (std::size_t i = 0; i < text.size();) {
    // A run of plain ASCII (most of every name, link and id) is appended at once: byte by byte,
    // this was the report's largest cost at 200,000 registrants.
    const std::size_t start = i;
    while (i < text.size() && plainAscii(static_cast<unsigned char>(text[i]))) ++i;
    if (i > start) out.append(text, start, i - start);
    if (i == text.size()) break;
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {  // not plain: escaped with a backslash, or as \uXXXX
      if (c == '\\' || c == '"' || c == '\'') {
        out += '\\';
        out += static_cast<char>(c);
      } else {
        appendUnicodeEscape(out, c);
      }
      ++i;
      continue;
    }
    unsigned cp = 0;
    std::size_t length = utf8Sequence(text, i, cp);
    if (length == 0) {
      appendUnicodeEscape(out, 0xFFFD);
      ++i;
    } else if (cp == 0x2028 || cp == 0x2029) {
      appendUnicodeEscape(out, cp);
      i += length;
    } else {
      out.append(text, i, length);
      i += length;
    }
  }
  return out;
}

std::string jsString(const std::string& text) { return "\"" + jsText(text) + "\""; }

}  // namespace racesync
