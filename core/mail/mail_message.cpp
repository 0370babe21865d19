#include "core/mail/mail_message.h"

#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/DigestEngine.h>
#include <Poco/RandomStream.h>
#include <Poco/SHA1Engine.h>
#include <Poco/String.h>
#include <Poco/Timestamp.h>

#include <cctype>
#include <vector>

namespace racesync {

namespace {

bool isPrintableAscii(const std::string& text) {
  for (unsigned char c : text) {
    if (c < 0x20 || c > 0x7e) return false;
  }
  return true;
}

// Control characters (CR and LF above all) become spaces: a header value stays one header.
std::string withoutControls(const std::string& text) {
  std::string clean;
  for (char c : text) {
    unsigned char u = static_cast<unsigned char>(c);
    clean += (u < 0x20 || u == 0x7f) ? ' ' : c;
  }
  return Poco::trim(clean);
}

// The bytes of one UTF-8 character starting at text[i] (1 for a stray byte).
std::size_t utf8Length(const std::string& text, std::size_t i) {
  unsigned char lead = static_cast<unsigned char>(text[i]);
  std::size_t length = lead < 0x80           ? 1
                       : (lead >> 5) == 0x6  ? 2
                       : (lead >> 4) == 0xe  ? 3
                       : (lead >> 3) == 0x1e ? 4
                                             : 1;
  return i + length <= text.size() ? length : text.size() - i;
}

// RFC 2047 §5(3): the characters an encoded word may carry as they are, even inside a phrase.
bool isQSafe(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '!' ||
         c == '*' || c == '+' || c == '-' || c == '/';
}

std::string encodeWords(const std::string& utf8) {
  static const char* kHex = "0123456789ABCDEF";
  const std::string prefix = "=?UTF-8?Q?";
  const std::size_t maxPayload = 75 - prefix.size() - 2;
  std::vector<std::string> words;
  std::string payload;
  for (std::size_t i = 0; i < utf8.size();) {
    std::size_t length = utf8Length(utf8, i);
    std::string encoded;
    for (std::size_t j = i; j < i + length; ++j) {
      unsigned char c = static_cast<unsigned char>(utf8[j]);
      if (c == ' ') {
        encoded += '_';
      } else if (isQSafe(c)) {
        encoded += static_cast<char>(c);
      } else {
        encoded += '=';
        encoded += kHex[c >> 4];
        encoded += kHex[c & 0xf];
      }
    }
    if (payload.size() + encoded.size() > maxPayload) {
      words.push_back(prefix + payload + "?=");
      payload.clear();
    }
    payload += encoded;
    i += length;
  }
  if (!payload.empty()) words.push_back(prefix + payload + "?=");
  // Folding white space between encoded words is not part of the text (RFC 2047 §6.2).
  return Poco::cat(std::string("\r\n "), words.begin(), words.end());
}

bool hasSpecials(const std::string& text) {
  return text.find_first_of("()<>[]:;@\\,.\"") != std::string::npos;
}

const char* const kHexDigits = "0123456789ABCDEF";

// Quoted-printable as Poco's QuotedPrintableEncoder writes it (lines of at most 76 characters with
// soft breaks, a space or tab before a line end encoded, a space or tab at the very end dropped),
// of `text` with its line ends made CRLF: fed one character at a time, appended to `out`.
class QuotedPrintable {
 public:
  explicit QuotedPrintable(std::string& out) : out_(out) {}

  void encode(const std::string& text) {
    for (char c : text) {
      if (c == '\r') continue;
      if (c == '\n') {
        put('\r');
        put('\n');
      } else {
        put(c);
      }
    }
  }

 private:
  void put(char c) {
    if (pending_ != 0) {
      if (c == '\r' || c == '\n') {
        encoded(pending_);
      } else {
        raw(pending_);
      }
      pending_ = 0;
    }
    if (c == '\t' || c == ' ') {
      pending_ = c;
    } else if (c == '\r' || c == '\n' || (c > 32 && c < 127 && c != '=')) {
      raw(c);
    } else {
      encoded(c);
    }
  }

  void encoded(char c) {
    if (lineLength_ >= 73) {
      out_ += "=\r\n";
      lineLength_ = 3;
    } else {
      lineLength_ += 3;
    }
    unsigned char u = static_cast<unsigned char>(c);
    out_ += '=';
    out_ += kHexDigits[u >> 4];
    out_ += kHexDigits[u & 0xf];
  }

  void raw(char c) {
    if (c == '\r' || c == '\n') {
      out_ += c;
      lineLength_ = 0;
    } else if (lineLength_ < 75) {
      out_ += c;
      ++lineLength_;
    } else {
      out_ += "=\r\n";
      out_ += c;
      lineLength_ = 1;
    }
  }

  std::string& out_;
  char pending_ = 0;
  int lineLength_ = 0;
};

// Base64 in lines of 72 characters, each full line ending in CRLF, the last one without (as
// Poco's Base64Encoder writes it), appended to `out` in one pass.
void appendBase64(const std::string& bytes, std::string& out) {
  static const char* kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  const auto* in = reinterpret_cast<const unsigned char*>(bytes.data());
  const std::size_t n = bytes.size();
  out.reserve(out.size() + (n + 2) / 3 * 4 + (n / 54 + 1) * 2);
  int column = 0;
  std::size_t i = 0;
  for (; i + 3 <= n; i += 3) {
    char group[4] = {kAlphabet[in[i] >> 2], kAlphabet[((in[i] & 0x03) << 4) | (in[i + 1] >> 4)],
                     kAlphabet[((in[i + 1] & 0x0f) << 2) | (in[i + 2] >> 6)],
                     kAlphabet[in[i + 2] & 0x3f]};
    out.append(group, 4);
    column += 4;
    if (column >= 72) {
      out += "\r\n";
      column = 0;
    }
  }
  if (n - i == 1) {
    out += kAlphabet[in[i] >> 2];
    out += kAlphabet[(in[i] & 0x03) << 4];
    out += "==";
  } else if (n - i == 2) {
    out += kAlphabet[in[i] >> 2];
    out += kAlphabet[((in[i] & 0x03) << 4) | (in[i + 1] >> 4)];
    out += kAlphabet[(in[i + 1] & 0x0f) << 2];
    out += '=';
  }
}

// A MIME parameter value as Poco's MessageHeader::quote writes it: in quotes unless it is made of
// letters, digits, '.', '_' and '-' only.
std::string quoted(const std::string& value) {
  for (unsigned char c : value) {
    if (!std::isalnum(c) && c != '.' && c != '_' && c != '-') return "\"" + value + "\"";
  }
  return value;
}

// "MIME_boundary_" and 16 hex digits: FNV-1a over the seed, the Message-ID and the nesting level.
// Base64 never holds '_', so the boundary cannot occur in the image; in the quoted-printable text
// only by guessing the seed.
std::string boundaryFor(std::uint64_t seed, const std::string& messageId, int level) {
  std::uint64_t hash = 14695981039346656037ull;
  auto mix = [&](unsigned char c) {
    hash ^= c;
    hash *= 1099511628211ull;
  };
  for (int shift = 0; shift < 64; shift += 8) mix(static_cast<unsigned char>(seed >> shift));
  for (char c : messageId) mix(static_cast<unsigned char>(c));
  mix(static_cast<unsigned char>(level));
  std::string boundary = "MIME_boundary_";
  for (int shift = 60; shift >= 0; shift -= 4) boundary += kHexDigits[(hash >> shift) & 0xf];
  return boundary;
}

// One part's header block, as Poco's MultipartWriter writes it after the boundary line.
void appendPartHeader(std::string& out, const std::string& contentType, const char* encoding,
                      const std::string& disposition) {
  out += "Content-Type: ";
  out += contentType;
  out += "\r\nContent-Transfer-Encoding: ";
  out += encoding;
  out += "\r\nContent-Disposition: ";
  out += disposition;
  out += "\r\n\r\n";
}

void appendHeader(std::string& out, const char* name, const std::string& value) {
  out += name;
  out += ": ";
  out += value;
  out += "\r\n";
}

// The message's own headers, up to and including the blank line that ends them.
void appendMessageHeader(std::string& out, const MailHeaders& headers, const std::string& subject,
                         const std::string& boundary) {
  appendHeader(out, "Date",
               Poco::DateTimeFormatter::format(Poco::Timestamp(headers.dateMs * 1000),
                                               Poco::DateTimeFormat::RFC1123_FORMAT));
  appendHeader(out, "Content-Type", "multipart/mixed; boundary=" + boundary);
  // Written as they are: Poco's addRecipient would put an encoded word inside a quoted string,
  // which clients show undecoded.
  appendHeader(out, "From", formatMailbox(headers.from));
  appendHeader(out, "To", formatMailbox(headers.to));
  if (!headers.replyTo.address.empty()) {
    appendHeader(out, "Reply-To", formatMailbox(headers.replyTo));
  }
  appendHeader(out, "Subject", encodeHeaderText(subject));
  appendHeader(out, "Message-ID", headers.messageId);
  if (!headers.registrationId.empty() && isPrintableAscii(headers.registrationId)) {
    appendHeader(out, "X-Racesync-Registration", headers.registrationId);
  }
  out += "Mime-Version: 1.0\r\n\r\n";
}

}  // namespace

Mailbox parseMailbox(const std::string& text) {
  Mailbox box;
  std::string value = Poco::trim(text);
  auto open = value.rfind('<');
  auto close = value.rfind('>');
  if (open != std::string::npos && close != std::string::npos && close > open) {
    box.address = Poco::trim(value.substr(open + 1, close - open - 1));
    std::string name = Poco::trim(value.substr(0, open));
    if (name.size() >= 2 && name.front() == '"' && name.back() == '"') {
      name = name.substr(1, name.size() - 2);
    }
    box.name = name;
  } else {
    box.address = value;
  }
  return box;
}

bool isPlausibleAddress(const std::string& address) {
  if (address.size() < 3 || address.size() > 254) return false;
  auto at = address.find('@');
  if (at == std::string::npos || at == 0 || at > 64 ||
      address.find('@', at + 1) != std::string::npos)
    return false;
  std::string local = address.substr(0, at);
  std::string domain = address.substr(at + 1);
  static const std::string kLocalExtra = "!#$%&'*+/=?^_`{|}~.-";
  for (unsigned char c : local) {
    if (!std::isalnum(c) && kLocalExtra.find(static_cast<char>(c)) == std::string::npos) {
      return false;
    }
  }
  if (local.front() == '.' || local.back() == '.' || local.find("..") != std::string::npos) {
    return false;
  }
  for (unsigned char c : domain) {
    if (!std::isalnum(c) && c != '.' && c != '-') return false;
  }
  return domain.find('.') != std::string::npos && domain.front() != '.' && domain.back() != '.' &&
         domain.find("..") == std::string::npos && domain.front() != '-';
}

std::string encodeHeaderText(const std::string& utf8) {
  std::string text = withoutControls(utf8);
  if (isPrintableAscii(text) && text.find("=?") == std::string::npos) return text;
  return encodeWords(text);
}

std::string formatMailbox(const Mailbox& mailbox) {
  std::string name = withoutControls(mailbox.name);
  if (name.empty()) return mailbox.address;
  std::string phrase;
  if (!isPrintableAscii(name) || name.find("=?") != std::string::npos) {
    phrase = encodeWords(name);
  } else if (hasSpecials(name)) {
    phrase = "\"";
    for (char c : name) {
      if (c == '"' || c == '\\') phrase += '\\';
      phrase += c;
    }
    phrase += "\"";
  } else {
    phrase = name;
  }
  return phrase + " <" + mailbox.address + ">";
}

std::string messageIdFor(const std::string& registrationId, const std::string& link, int resends,
                         const std::string& domain) {
  Poco::SHA1Engine sha1;
  sha1.update(registrationId);
  sha1.update('\0');
  sha1.update(link);
  std::string id = "<racesync." + Poco::DigestEngine::digestToHex(sha1.digest()).substr(0, 24);
  if (resends > 0) id += ".r" + std::to_string(resends);
  return id + "@" + (domain.empty() ? std::string("racesync.invalid") : domain) + ">";
}

std::string composeMail(const MailHeaders& headers, const MailBody& body,
                        std::uint64_t boundarySeed) {
  const std::string mixed = boundaryFor(boundarySeed, headers.messageId, 1);
  const std::string alternative = boundaryFor(boundarySeed, headers.messageId, 2);
  const std::string related = boundaryFor(boundarySeed, headers.messageId, 3);
  const std::string imageType =
      body.qrFile.empty() ? std::string("image/png") : "image/png; name=" + quoted(body.qrFile);
  std::string out;
  out.reserve(2048 + body.content.text.size() * 11 / 10 + body.content.html.size() * 11 / 10 +
              body.qrPng.size() * 28 / 10);

  appendMessageHeader(out, headers, body.content.subject, mixed);
  // multipart/mixed [ multipart/alternative [ text/plain, multipart/related [ text/html,
  // image/png ] ], image/png ]
  out += "--" + mixed + "\r\n";
  appendPartHeader(out, "multipart/alternative; boundary=" + alternative, "7bit", "inline");
  out += "--" + alternative + "\r\n";
  appendPartHeader(out, "text/plain; charset=UTF-8", "quoted-printable", "inline");
  QuotedPrintable(out).encode(body.content.text);
  out += "\r\n--" + alternative + "\r\n";
  appendPartHeader(out, "multipart/related; type=\"text/html\"; boundary=" + related, "7bit",
                   "inline");
  out += "--" + related + "\r\n";
  appendPartHeader(out, "text/html; charset=UTF-8", "quoted-printable", "inline");
  QuotedPrintable(out).encode(body.content.html);
  out += "\r\n--" + related + "\r\n";
  appendHeader(out, "Content-ID", "<" + body.qrCid + ">");
  appendPartHeader(out, imageType, "base64", "inline");
  const std::size_t imageStart = out.size();
  appendBase64(body.qrPng, out);
  const std::size_t imageLength = out.size() - imageStart;
  out += "\r\n--" + related + "--\r\n";
  out += "\r\n--" + alternative + "--\r\n";
  out += "\r\n--" + mixed + "\r\n";
  appendPartHeader(out, imageType, "base64",
                   body.qrFile.empty() ? std::string("attachment")
                                       : "attachment; filename=" + quoted(body.qrFile));
  out.reserve(out.size() + imageLength + 64);  // no reallocation while copying from itself
  out.append(out, imageStart, imageLength);    // the same PNG, encoded once
  out += "\r\n--" + mixed + "--\r\n";
  return out;
}

std::uint64_t randomBoundarySeed() {
  Poco::RandomInputStream random;
  std::uint64_t seed = 0;
  random.read(reinterpret_cast<char*>(&seed), sizeof seed);
  return seed;
}

}  // namespace racesync
