#include "core/mail/mail_message.h"

#include <Poco/Net/MessageHeader.h>
#include <Poco/String.h>
#include <Poco/TextIterator.h>
#include <Poco/UTF8Encoding.h>

#include <boost/test/unit_test.hpp>

#include <sstream>

#include "tests/support/smtp_server.h"
#include "tests/support/test_support.h"

using namespace racesync;

namespace {

MailBody sampleBody() {
  MailBody body;
  body.content.subject = "Stadtlauf Köln: dein Schlüssel";
  body.content.text = "Hallo Jürgen,\nline two\n.a line with a leading dot\n";
  body.content.html = "<p>Hallo J&uuml;rgen <img src=\"cid:qr-1@x.org\"></p>\n";
  body.qrPng = std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16);
  body.qrCid = "qr-1@x.org";
  body.qrFile = "42.png";
  return body;
}

MailHeaders sampleHeaders() {
  MailHeaders headers;
  headers.from = Mailbox{"Stadtlauf Köln", "info@stadtlauf.de"};
  headers.to = Mailbox{"Jürgen Müller", "j@example.org"};
  headers.messageId = messageIdFor("R1", "https://l/1", 0, "stadtlauf.de");
  headers.dateMs = 1767225600000;
  headers.registrationId = "R1";
  return headers;
}

bool isValidUtf8(const std::string& text) {
  Poco::UTF8Encoding utf8;
  Poco::TextIterator it(text, utf8), end(text);
  for (; it != end; ++it) {
    if (*it < 0) return false;
  }
  return true;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(mail_message_test)

BOOST_AUTO_TEST_CASE(ascii_subject_stays_as_it_is) {
  BOOST_TEST(encodeHeaderText("Your key for bib 42") == "Your key for bib 42");
}

BOOST_AUTO_TEST_CASE(encodes_umlauts_as_rfc2047_q_words) {
  BOOST_TEST(encodeHeaderText("Dein Schlüssel") == "=?UTF-8?Q?Dein_Schl=C3=BCssel?=");
  BOOST_TEST(Poco::Net::MessageHeader::decodeWord(encodeHeaderText("Dein Schlüssel")) ==
             "Dein Schlüssel");
}

BOOST_AUTO_TEST_CASE(long_subject_splits_into_short_words_between_whole_characters) {
  std::string subject =
      "Große Straßenlauf-Gemeinschaft Köln–Düsseldorf: dein persönlicher "
      "Schlüssel für Startnummer 1234 😀 日本語の名前です";
  std::string encoded = encodeHeaderText(subject);
  std::vector<std::string> words;
  std::istringstream lines(encoded);
  std::string decoded;
  for (std::string line; std::getline(lines, line);) {
    line = Poco::trim(line);
    BOOST_TEST(line.size() <= 75u, line);
    BOOST_TEST(line.rfind("=?UTF-8?Q?", 0) == 0u);
    std::string word = Poco::Net::MessageHeader::decodeWord(line);
    BOOST_TEST(isValidUtf8(word), "a word ends inside a character: " << line);
    decoded += word;
  }
  BOOST_TEST(decoded == subject);
}

BOOST_AUTO_TEST_CASE(to_header_encodes_the_name_outside_of_quotes) {
  BOOST_TEST(formatMailbox({"Jürgen Müller", "j@example.org"}) ==
             "=?UTF-8?Q?J=C3=BCrgen_M=C3=BCller?= <j@example.org>");
  BOOST_TEST(formatMailbox({"Doe, \"JD\" John", "j@example.org"}) ==
             "\"Doe, \\\"JD\\\" John\" <j@example.org>");
  BOOST_TEST(formatMailbox({"Jane Doe", "j@example.org"}) == "Jane Doe <j@example.org>");
  BOOST_TEST(formatMailbox({"", "j@example.org"}) == "j@example.org");
}

BOOST_AUTO_TEST_CASE(quotes_and_parentheses_in_a_non_ascii_name_are_encoded) {
  std::string phrase = formatMailbox({"Jö \"Jo\" (x)", "j@example.org"});
  BOOST_TEST(phrase == "=?UTF-8?Q?J=C3=B6_=22Jo=22_=28x=29?= <j@example.org>");
}

BOOST_AUTO_TEST_CASE(parses_the_sender) {
  Mailbox box = parseMailbox("\"Stadtlauf Köln\" <info@stadtlauf.de>");
  BOOST_TEST(box.name == "Stadtlauf Köln");
  BOOST_TEST(box.address == "info@stadtlauf.de");
  BOOST_TEST(parseMailbox("info@stadtlauf.de").address == "info@stadtlauf.de");
}

BOOST_AUTO_TEST_CASE(tells_malformed_addresses) {
  for (const char* good : {"a@b.de", "jane.doe+race@mail.example.org", "o'neil@x.ie"}) {
    BOOST_TEST(isPlausibleAddress(good), good);
  }
  for (const char* bad :
       {"", "jane", "jane@", "@x.de", "jane@localhost", "a b@x.de", "a@@x.de", "a@x..de", ".a@x.de",
        "jürgen@x.de", "a@x.de>", "a@x.de\r\nBcc: b@y.de"}) {
    BOOST_TEST(!isPlausibleAddress(bad), bad);
  }
}

BOOST_AUTO_TEST_CASE(message_id_is_stable_for_a_registrant_and_link) {
  std::string id = messageIdFor("R1", "https://l/1", 0, "stadtlauf.de");
  BOOST_TEST(id == messageIdFor("R1", "https://l/1", 0, "stadtlauf.de"));
  BOOST_TEST(id.front() == '<');
  BOOST_TEST(id.substr(id.size() - 14) == "@stadtlauf.de>");
  BOOST_TEST(id != messageIdFor("R2", "https://l/1", 0, "stadtlauf.de"));
  BOOST_TEST(id != messageIdFor("R1", "https://l/2", 0, "stadtlauf.de"));
  std::string resend = messageIdFor("R1", "https://l/1", 1, "stadtlauf.de");
  BOOST_TEST(resend != id);
  BOOST_TEST(resend.substr(0, id.size() - 14) == id.substr(0, id.size() - 14),
             "a resend shares the id's stem");
}

BOOST_AUTO_TEST_CASE(mime_tree_is_alternative_with_related_html_and_an_attachment) {
  racesync::test::TempDir dir;
  racesync::test::writeFile(dir.file("m.eml"),
                            messageText(*composeMail(sampleHeaders(), sampleBody())));
  auto mail = racesync::test::inspectMail(dir.file("m.eml"), dir.file("m"));
  BOOST_TEST(mail->getValue<std::string>("tree") ==
             "multipart/mixed[multipart/alternative[text/plain,multipart/related[text/html,"
             "image/png]],image/png]");
  BOOST_TEST(mail->getArray("defects")->size() == 0u);
  BOOST_TEST(mail->getValue<std::string>("text") ==
             "Hallo Jürgen,\r\nline two\r\n.a line with a leading dot\r\n");
  auto images = mail->getArray("images");
  BOOST_REQUIRE(images->size() == 2u);
  auto inlined = images->getObject(0);
  auto attached = images->getObject(1);
  BOOST_TEST(inlined->getValue<std::string>("content_id") == "<qr-1@x.org>");
  BOOST_TEST(inlined->getValue<std::string>("disposition") == "inline");
  BOOST_TEST(attached->getValue<std::string>("disposition") == "attachment");
  BOOST_TEST(attached->getValue<std::string>("filename") == "42.png");
  BOOST_TEST(racesync::test::readFile(inlined->getValue<std::string>("path")) ==
             sampleBody().qrPng);
  BOOST_TEST(racesync::test::readFile(attached->getValue<std::string>("path")) ==
             sampleBody().qrPng);
}

BOOST_AUTO_TEST_CASE(headers_are_encoded_and_decode_to_the_names) {
  MailHeaders headers = sampleHeaders();
  headers.replyTo = Mailbox{"", "help@stadtlauf.de"};
  std::string text = messageText(*composeMail(headers, sampleBody()));
  auto has = [&](const std::string& line) { return text.find(line + "\r\n") != std::string::npos; };
  BOOST_TEST(has("Subject: =?UTF-8?Q?Stadtlauf_K=C3=B6ln=3A_dein_Schl=C3=BCssel?="));
  BOOST_TEST(has("To: =?UTF-8?Q?J=C3=BCrgen_M=C3=BCller?= <j@example.org>"));
  BOOST_TEST(has("From: =?UTF-8?Q?Stadtlauf_K=C3=B6ln?= <info@stadtlauf.de>"));
  BOOST_TEST(has("Reply-To: help@stadtlauf.de"));
  BOOST_TEST(has("Message-ID: " + headers.messageId));
  BOOST_TEST(has("Date: Thu, 1 Jan 2026 00:00:00 GMT"));
  BOOST_TEST(has("X-Racesync-Registration: R1"));

  racesync::test::TempDir dir;
  racesync::test::writeFile(dir.file("m.eml"), text);
  auto mail = racesync::test::inspectMail(dir.file("m.eml"), dir.file("m"));
  BOOST_TEST(mail->getValue<std::string>("subject") == "Stadtlauf Köln: dein Schlüssel");
  BOOST_TEST(mail->getValue<std::string>("to") == "Jürgen Müller <j@example.org>");
  BOOST_TEST(mail->getValue<std::string>("from") == "Stadtlauf Köln <info@stadtlauf.de>");
}

BOOST_AUTO_TEST_CASE(a_name_cannot_add_a_header) {
  MailHeaders headers = sampleHeaders();
  headers.to.name = "Eve\r\nBcc: victim@example.org";
  auto message = composeMail(headers, sampleBody());
  std::string text = messageText(*message);
  BOOST_TEST(text.find("\r\nBcc:") == std::string::npos);
  BOOST_TEST(text.find("To: \"Eve  Bcc: victim@example.org\" <j@example.org>\r\n") !=
             std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
