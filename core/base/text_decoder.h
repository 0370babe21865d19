// Text encodings of registration exports: which one a file is in (UTF-8 with or without BOM,
// UTF-16 LE/BE, Windows-1252), and a stream buffer that turns it into UTF-8 chunk by chunk.
#pragma once

#include <cstddef>
#include <istream>
#include <streambuf>
#include <string>
#include <vector>

namespace racesync {

// kMixed: UTF-8 with some lines in Windows-1252 (rows pasted in from an older export): valid UTF-8
// sequences are kept, every other byte is read as Windows-1252.
enum class Encoding { kUtf8, kUtf16Le, kUtf16Be, kWindows1252, kMixed };

// "utf-8", "utf-16le", "utf-16be", "windows-1252", "utf-8 mixed with windows-1252".
const char* encodingName(Encoding encoding);

struct DetectedEncoding {
  Encoding encoding = Encoding::kUtf8;
  std::size_t bomLength = 0;  // bytes of byte order mark before the text
  // kMixed only: the first lines (counting from 1) that are not UTF-8, and how many there are.
  std::vector<int> foreignLines;
  long long foreignLineCount = 0;
};

// Tells the encoding of the bytes in `in` (a seekable stream at its start): a BOM decides; without
// one, text with NUL bytes at the start of its first two bytes is UTF-16 without BOM; otherwise the
// whole stream is checked, in chunks, for valid UTF-8, and Windows-1252 is assumed when it is not;
// kMixed when it holds both UTF-8 sequences and bytes that are not UTF-8.
// Leaves `in` positioned after the BOM. Throws InputError "<place>: not a CSV file: ..." when the
// bytes are binary (NUL bytes, an Excel workbook, a ZIP archive, a PDF).
DetectedEncoding detectEncoding(std::istream& in, const std::string& place);

// Reads `raw` in `encoding` and yields UTF-8. Memory is one chunk of input and one of output,
// whatever the length of the stream. Malformed sequences become U+FFFD. `raw` is borrowed.
class TextDecoder : public std::streambuf {
 public:
  TextDecoder(std::istream& raw, Encoding encoding);
  TextDecoder(const TextDecoder&) = delete;
  TextDecoder& operator=(const TextDecoder&) = delete;

 protected:
  int_type underflow() override;

 private:
  // Decodes in_[0, size) into out_, leaving an incomplete trailing sequence in in_.
  void decodeChunk(std::size_t size, bool atEnd);
  // Windows-1252 (or, for kMixed, UTF-8 where the bytes are UTF-8) from in_[0, size) into out_;
  // returns the bytes used.
  std::size_t decodeWindows1252(std::size_t size, bool atEnd);

  std::istream& raw_;
  Encoding encoding_;
  std::vector<char> in_;
  std::size_t carried_ = 0;  // bytes of an incomplete sequence kept at the start of in_
  std::string out_;
};

// The byte offset of the first invalid UTF-8 sequence or NUL byte in `text`, npos when there is
// none.
std::size_t firstInvalidUtf8(const std::string& text);

// Appends the UTF-8 form of `codePoint` to `out` (U+FFFD for anything that is not a scalar value).
void appendUtf8(std::string& out, int codePoint);

}  // namespace racesync
