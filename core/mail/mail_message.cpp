#include "core/mail/mail_message.h"

#include <Poco/DigestEngine.h>
#include <Poco/Net/StringPartSource.h>
#include <Poco/SHA1Engine.h>
#include <Poco/String.h>
#include <Poco/Timestamp.h>

#include <cctype>
#include <sstream>
#include <vector>

namespace racesync {

namespace {

using Poco::Net::MailMessage;

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

std::string crlf(const std::string& text) {
  std::string out;
  out.reserve(text.size() + text.size() / 40);
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r') continue;
    if (text[i] == '\n') out += '\r';
    out += text[i];
  }
  return out;
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

std::unique_ptr<MailMessage> composeMail(const MailHeaders& headers, const MailBody& body) {
  using Poco::Net::MultipartSource;
  using Poco::Net::StringPartSource;
  auto message = std::make_unique<MailMessage>();
  message->setDate(Poco::Timestamp(headers.dateMs * 1000));
  // Set as raw headers, not through addRecipient/setSender: MailMessage would put an encoded
  // word inside a quoted string, which clients show undecoded.
  message->set(MailMessage::HEADER_FROM, formatMailbox(headers.from));
  message->set(MailMessage::HEADER_TO, formatMailbox(headers.to));
  if (!headers.replyTo.address.empty()) message->set("Reply-To", formatMailbox(headers.replyTo));
  message->setSubject(encodeHeaderText(body.content.subject));
  message->set("Message-ID", headers.messageId);
  if (!headers.registrationId.empty() && isPrintableAscii(headers.registrationId)) {
    message->set("X-Racesync-Registration", headers.registrationId);
  }

  // The sources below are owned by the MultipartSource or MailMessage they are added to.
  auto* related = new MultipartSource("multipart/related; type=\"text/html\"");
  related->addPart("", new StringPartSource(crlf(body.content.html), "text/html; charset=UTF-8"),
                   MailMessage::CONTENT_INLINE, MailMessage::ENCODING_QUOTED_PRINTABLE);
  auto* inlineImage = new StringPartSource(body.qrPng, "image/png", body.qrFile);
  inlineImage->headers().set(MailMessage::HEADER_CONTENT_ID, "<" + body.qrCid + ">");
  related->addPart(body.qrFile, inlineImage, MailMessage::CONTENT_INLINE,
                   MailMessage::ENCODING_BASE64);

  auto* alternative = new MultipartSource("multipart/alternative");
  alternative->addPart("",
                       new StringPartSource(crlf(body.content.text), "text/plain; charset=UTF-8"),
                       MailMessage::CONTENT_INLINE, MailMessage::ENCODING_QUOTED_PRINTABLE);
  alternative->addPart("", related, MailMessage::CONTENT_INLINE, MailMessage::ENCODING_7BIT);

  message->setContentType("multipart/mixed");
  message->addPart("", alternative, MailMessage::CONTENT_INLINE, MailMessage::ENCODING_7BIT);
  message->addAttachment(body.qrFile, new StringPartSource(body.qrPng, "image/png", body.qrFile),
                         MailMessage::ENCODING_BASE64);
  return message;
}

std::string messageText(const MailMessage& message) {
  std::ostringstream out;
  message.write(out);
  return out.str();
}

}  // namespace racesync
