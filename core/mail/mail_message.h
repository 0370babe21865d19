// One registrant's mail as MIME: headers with RFC 2047 encoded words, a multipart/alternative of
// plain text and HTML, the QR PNG inline (multipart/related, Content-ID) and attached.
#pragma once

#include <cstdint>
#include <string>

#include "core/mail/mail_template.h"

namespace racesync {

// A display name and an address: "Stadtlauf Köln <info@stadtlauf.de>".
struct Mailbox {
  std::string name;  // UTF-8, may be empty
  std::string address;
};

// Splits "Name <address>" or a bare address. The address is "" when `text` holds none.
Mailbox parseMailbox(const std::string& text);

// True for an address SMTP can carry as it is: one '@', a dotted domain, no spaces, quotes or
// non-ASCII characters (SMTPUTF8 is not supported). Anything else is a malformed address.
bool isPlausibleAddress(const std::string& address);

// An unstructured header value (Subject): ASCII text as it is, anything else as RFC 2047
// Q-encoded words of at most 75 characters, split between whole UTF-8 characters. Control
// characters become spaces, so a value can never start a header of its own.
std::string encodeHeaderText(const std::string& utf8);

// A From/To/Reply-To value: the name as an RFC 2047 phrase (or a quoted string when it is ASCII
// with specials), then the address in angle brackets; the bare address when there is no name.
std::string formatMailbox(const Mailbox& mailbox);

// The Message-ID of the mail for (registration, link): the same pair always gives the same id, so
// a message delivered twice (the answer to a send was lost) is recognisable; `resends` > 0 marks a
// deliberate resend (--resend) with a suffix, so clients do not drop it as a duplicate.
std::string messageIdFor(const std::string& registrationId, const std::string& link, int resends,
                         const std::string& domain);

struct MailHeaders {
  Mailbox from;
  Mailbox to;
  Mailbox replyTo;  // no Reply-To header when its address is ""
  std::string messageId;
  std::int64_t dateMs = 0;
  std::string registrationId;  // X-Racesync-Registration, when it is printable ASCII
};

struct MailBody {
  RenderedMail content;
  std::string qrPng;   // the PNG's bytes
  std::string qrCid;   // the Content-ID without angle brackets; the HTML refers to cid:<qrCid>
  std::string qrFile;  // the attachment's file name, ASCII
};

// Builds the message as it goes over the wire (CRLF line ends, e.g. for an .eml file) in one
// buffer: headers; the text and HTML parts quoted-printable; the PNG base64-encoded once, in lines
// of 72, and written twice (inline and attached). The bytes are those Poco::Net::MailMessage wrote
// for the same message (tests/unit/mail/mail_message_test.cpp keeps that composer to compare),
// but for the boundaries: "MIME_boundary_" and 16 hex digits derived from `boundarySeed` and the
// Message-ID, where Poco drew random ones. Pass a seed drawn at random once per run.
std::string composeMail(const MailHeaders& headers, const MailBody& body,
                        std::uint64_t boundarySeed);

// A seed for composeMail's boundaries, from the system's random source.
std::uint64_t randomBoundarySeed();

}  // namespace racesync
