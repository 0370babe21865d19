#include "core/base/match_key.h"

#include <Poco/TextIterator.h>
#include <Poco/UTF8Encoding.h>
#include <Poco/UTF8String.h>
#include <Poco/Unicode.h>

#include "core/base/text_decoder.h"

namespace racesync {

namespace {

// Base letters of U+00E0..U+00FF (lower case Latin-1), '\0' where there is none.
const char* const kLatin1[32] = {"a", "a", "a", "a", "a", "a", "ae", "c", "e",  "e", "e",
                                 "e", "i", "i", "i", "i", "d", "n",  "o", "o",  "o", "o",
                                 "o", "",  "o", "u", "u", "u", "u",  "y", "th", "y"};
// Base letters of U+0100..U+017F (Latin Extended-A), both cases.
const char kExtendedA[] =
    "aaaaaaccccccccdd"
    "ddeeeeeeeeeegggg"
    "gggghhhhiiiiiiii"
    "iiiijjkkklllllll"
    "lllnnnnnnnnnoooo"
    "oooorrrrrrssssss"
    "ssttttttuuuuuuuu"
    "uuuuwwyyyzzzzzzs";

bool isSpace(int c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0xA0; }

bool isIgnored(int c) {
  return isSpace(c) || c == '_' || c == '#' || c == '-' || c == '.' || c == ':' || c == 0xFEFF;
}

}  // namespace

std::string trimValue(const std::string& text) {
  std::size_t begin = 0;
  std::size_t end = text.size();
  auto at = [&](std::size_t i, const char* bytes, std::size_t n) {
    return i + n <= end && text.compare(i, n, bytes, n) == 0;
  };
  while (begin < end) {
    char c = text[begin];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      ++begin;
    } else if (at(begin, "\xC2\xA0", 2)) {
      begin += 2;
    } else if (at(begin, "\xEF\xBB\xBF", 3)) {
      begin += 3;
    } else {
      break;
    }
  }
  while (end > begin) {
    char c = text[end - 1];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      --end;
    } else if (end - begin >= 2 && text.compare(end - 2, 2, "\xC2\xA0") == 0) {
      end -= 2;
    } else if (end - begin >= 3 && text.compare(end - 3, 3, "\xEF\xBB\xBF") == 0) {
      end -= 3;
    } else {
      break;
    }
  }
  return text.substr(begin, end - begin);
}

std::string matchKey(const std::string& text) {
  std::string key;
  key.reserve(text.size());
  Poco::UTF8Encoding utf8;
  Poco::TextIterator it(text, utf8);
  Poco::TextIterator end(text);
  for (; it != end; ++it) {
    int c = *it;
    if (c < 0 || isIgnored(c)) continue;
    if (c < 0x80) {
      key += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
      continue;
    }
    c = Poco::Unicode::toLower(c);
    if (c == 0xDF) {
      key += "ss";
    } else if (c >= 0xE0 && c <= 0xFF && kLatin1[c - 0xE0][0] != '\0') {
      key += kLatin1[c - 0xE0];
    } else if (c >= 0x100 && c <= 0x17F) {
      key += kExtendedA[c - 0x100];
    } else {
      appendUtf8(key, c);
    }
  }
  return key;
}

std::string lowerCollapsed(const std::string& text) {
  std::string lower = Poco::UTF8::toLower(trimValue(text));
  std::string out;
  out.reserve(lower.size());
  bool space = false;
  for (char c : lower) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

}  // namespace racesync
