#include "core/base/text_decoder.h"

#include <Poco/Windows1252Encoding.h>

#include <cstring>

#include "core/base/errors.h"

namespace racesync {

namespace {

constexpr std::size_t kChunk = 64 * 1024;
constexpr int kReplacement = 0xFFFD;

// Length of the UTF-8 sequence starting at `s` (at most `n` bytes available): >0 when valid,
// 0 when more bytes are needed, -1 when invalid. Rejects overlong forms and surrogates.
int utf8SequenceLength(const unsigned char* s, std::size_t n) {
  unsigned char c = s[0];
  if (c < 0x80) return 1;
  int length = 0;
  unsigned char low = 0x80, high = 0xBF;  // allowed range of the second byte
  if (c >= 0xC2 && c <= 0xDF) {
    length = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    length = 3;
    if (c == 0xE0) low = 0xA0;
    if (c == 0xED) high = 0x9F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    length = 4;
    if (c == 0xF0) low = 0x90;
    if (c == 0xF4) high = 0x8F;
  } else {
    return -1;
  }
  for (int i = 1; i < length; ++i) {
    if (static_cast<std::size_t>(i) >= n) return 0;
    unsigned char b = s[i];
    if (i == 1 ? (b < low || b > high) : (b < 0x80 || b > 0xBF)) return -1;
  }
  return length;
}

// Appends the UTF-8 in bytes[0, size) to `out`, each malformed byte as U+FFFD (a sequence cut off
// by the end of the stream as one). Returns the bytes used: all but an incomplete sequence at the
// end of a chunk that is not the last, which the next chunk completes. Without a BOM
// detectEncoding has seen valid UTF-8, but a BOM decides alone and what follows it may be anything.
std::size_t copyUtf8(const unsigned char* bytes, std::size_t size, bool atEnd, std::string& out) {
  std::size_t i = 0;
  while (i < size) {
    const int length = utf8SequenceLength(bytes + i, size - i);
    if (length > 0) {
      out.append(reinterpret_cast<const char*>(bytes) + i, static_cast<std::size_t>(length));
      i += static_cast<std::size_t>(length);
    } else if (length == 0 && !atEnd) {
      break;
    } else {
      appendUtf8(out, kReplacement);
      i = length == 0 ? size : i + 1;
    }
  }
  return i;
}

bool startsWith(const char* data, std::size_t size, const char* prefix, std::size_t length) {
  return size >= length && std::memcmp(data, prefix, length) == 0;
}

void throwBinary(const std::string& place, const char* what) {
  throw InputError(place + ": not a CSV file: " + what +
                   ": export the registrations as CSV (comma, semicolon or tab separated)");
}

// One streaming pass over the rest of `in` (`size` bytes of it already in `buffer`): valid UTF-8,
// Windows-1252 or both, and no NUL bytes (which no text export contains).
DetectedEncoding scanUtf8(std::istream& in, std::vector<char>& buffer, std::size_t size,
                          const std::string& place) {
  constexpr std::size_t kForeignLines = 20;
  DetectedEncoding result;
  bool multibyte = false;
  int line = 1;
  int lastForeign = 0;
  while (true) {
    std::size_t i = 0;
    const auto* bytes = reinterpret_cast<const unsigned char*>(buffer.data());
    bool atEnd = size < kChunk;
    while (i < size) {
      if (bytes[i] == 0) throwBinary(place, "it holds binary data (NUL bytes)");
      if (bytes[i] < 0x80) {
        line += bytes[i] == '\n';
        ++i;
        continue;
      }
      int length = utf8SequenceLength(bytes + i, size - i);
      if (length == 0 && !atEnd) break;  // completed by the next chunk
      if (length > 0) {
        multibyte = true;
        i += static_cast<std::size_t>(length);
        continue;
      }
      if (line != lastForeign) {
        lastForeign = line;
        ++result.foreignLineCount;
        if (result.foreignLines.size() < kForeignLines) result.foreignLines.push_back(line);
      }
      ++i;
    }
    if (atEnd) break;
    std::size_t carried = size - i;
    std::memmove(buffer.data(), buffer.data() + i, carried);
    in.read(buffer.data() + carried, static_cast<std::streamsize>(kChunk - carried));
    size = carried + static_cast<std::size_t>(in.gcount());
    if (in.gcount() == 0) {
      // Nothing more to read: an incomplete sequence at the very end is not UTF-8.
      if (carried > 0 && line != lastForeign) {
        ++result.foreignLineCount;
        if (result.foreignLines.size() < kForeignLines) result.foreignLines.push_back(line);
      }
      break;
    }
  }
  if (result.foreignLineCount == 0) {
    result.encoding = Encoding::kUtf8;
  } else {
    result.encoding = multibyte ? Encoding::kMixed : Encoding::kWindows1252;
  }
  if (result.encoding != Encoding::kMixed) {
    result.foreignLines.clear();
    result.foreignLineCount = 0;
  }
  return result;
}

}  // namespace

std::size_t firstInvalidUtf8(const std::string& text) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  std::size_t i = 0;
  while (i < text.size()) {
    if (bytes[i] == 0) return i;
    if (bytes[i] < 0x80) {
      ++i;
      continue;
    }
    int length = utf8SequenceLength(bytes + i, text.size() - i);
    if (length <= 0) return i;
    i += static_cast<std::size_t>(length);
  }
  return std::string::npos;
}

const char* encodingName(Encoding encoding) {
  switch (encoding) {
    case Encoding::kUtf8:
      return "utf-8";
    case Encoding::kUtf16Le:
      return "utf-16le";
    case Encoding::kUtf16Be:
      return "utf-16be";
    case Encoding::kWindows1252:
      return "windows-1252";
    case Encoding::kMixed:
      return "utf-8 mixed with windows-1252";
  }
  return "utf-8";
}

void appendUtf8(std::string& out, int c) {
  if (c < 0 || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) c = kReplacement;
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

DetectedEncoding detectEncoding(std::istream& in, const std::string& place) {
  std::vector<char> buffer(kChunk);
  in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
  std::size_t size = static_cast<std::size_t>(in.gcount());
  const char* data = buffer.data();

  DetectedEncoding result;
  if (startsWith(data, size, "\xEF\xBB\xBF", 3)) {
    result = {Encoding::kUtf8, 3, {}, 0};
  } else if (startsWith(data, size, "\xFF\xFE", 2)) {
    result = {Encoding::kUtf16Le, 2, {}, 0};
  } else if (startsWith(data, size, "\xFE\xFF", 2)) {
    result = {Encoding::kUtf16Be, 2, {}, 0};
  } else if (size >= 2 && data[0] != 0 && data[1] == 0) {
    result = {Encoding::kUtf16Le, 0, {}, 0};  // "N\0a\0m\0e\0": UTF-16 LE saved without a BOM
  } else if (size >= 2 && data[0] == 0 && data[1] != 0) {
    result = {Encoding::kUtf16Be, 0, {}, 0};
  } else {
    if (startsWith(data, size, "PK\x03\x04", 4))
      throwBinary(place, "it is a ZIP archive or an Excel workbook");
    if (startsWith(data, size, "\xD0\xCF\x11\xE0", 4))
      throwBinary(place, "it is an Excel workbook");
    if (startsWith(data, size, "%PDF", 4)) throwBinary(place, "it is a PDF document");
    result = scanUtf8(in, buffer, size, place);
  }
  in.clear();
  in.seekg(static_cast<std::streamoff>(result.bomLength), std::ios::beg);
  return result;
}

TextDecoder::TextDecoder(std::istream& raw, Encoding encoding)
    : raw_(raw), encoding_(encoding), in_(kChunk) {
  out_.reserve(kChunk * 3);
}

TextDecoder::int_type TextDecoder::underflow() {
  while (gptr() == egptr()) {
    raw_.read(in_.data() + carried_, static_cast<std::streamsize>(in_.size() - carried_));
    std::size_t got = static_cast<std::size_t>(raw_.gcount());
    if (got == 0 && carried_ == 0) return traits_type::eof();
    bool atEnd = got == 0;
    decodeChunk(carried_ + got, atEnd);
    setg(out_.data(), out_.data(), out_.data() + out_.size());
    if (atEnd && out_.empty()) return traits_type::eof();
  }
  return traits_type::to_int_type(*gptr());
}

std::size_t TextDecoder::decodeWindows1252(std::size_t size, bool atEnd) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(in_.data());
  std::size_t i = 0;
  static const Poco::Windows1252Encoding kWindows1252;
  const auto& map = kWindows1252.characterMap();
  while (i < size) {
    if (bytes[i] < 0x80) {
      out_ += static_cast<char>(bytes[i++]);
      continue;
    }
    if (encoding_ == Encoding::kMixed) {
      int length = utf8SequenceLength(bytes + i, size - i);
      if (length == 0 && !atEnd) break;  // completed by the next chunk
      if (length > 0) {
        out_.append(in_.data() + i, static_cast<std::size_t>(length));
        i += static_cast<std::size_t>(length);
        continue;
      }
    }
    int c = map[bytes[i++]];
    appendUtf8(out_, c < 0 ? kReplacement : c);
  }
  return i;
}

void TextDecoder::decodeChunk(std::size_t size, bool atEnd) {
  out_.clear();
  const auto* bytes = reinterpret_cast<const unsigned char*>(in_.data());
  std::size_t i = 0;
  if (encoding_ == Encoding::kUtf8) {
    i = copyUtf8(bytes, size, atEnd, out_);
  } else if (encoding_ == Encoding::kWindows1252 || encoding_ == Encoding::kMixed) {
    i = decodeWindows1252(size, atEnd);
  } else {
    bool little = encoding_ == Encoding::kUtf16Le;
    auto unit = [&](std::size_t at) {
      return little ? (bytes[at] | (bytes[at + 1] << 8)) : ((bytes[at] << 8) | bytes[at + 1]);
    };
    while (i + 1 < size) {
      int c = unit(i);
      if (c >= 0xD800 && c <= 0xDBFF) {
        if (i + 3 >= size) {
          if (!atEnd) break;  // the low surrogate is in the next chunk
          appendUtf8(out_, kReplacement);
          i += 2;
          continue;
        }
        int low = unit(i + 2);
        if (low >= 0xDC00 && low <= 0xDFFF) {
          appendUtf8(out_, 0x10000 + ((c - 0xD800) << 10) + (low - 0xDC00));
          i += 4;
        } else {
          appendUtf8(out_, kReplacement);
          i += 2;
        }
        continue;
      }
      appendUtf8(out_, (c >= 0xDC00 && c <= 0xDFFF) ? kReplacement : c);
      i += 2;
    }
    if (atEnd && i < size) {
      appendUtf8(out_, kReplacement);  // an odd byte at the end
      i = size;
    }
  }
  carried_ = size - i;
  if (carried_ > 0) std::memmove(in_.data(), in_.data() + i, carried_);
}

}  // namespace racesync
