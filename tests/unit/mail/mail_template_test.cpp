#include "core/mail/mail_template.h"

#include <boost/test/unit_test.hpp>

#include "core/base/errors.h"
#include "tests/support/test_support.h"

using racesync::ConfigurationError;
using racesync::MailFields;
using racesync::MailTemplate;
using racesync::RenderedMail;

namespace {

MailFields jurgen() {
  MailFields f;
  f.eventName = "Stadtlauf Köln";
  f.firstName = "Jürgen";
  f.lastName = "Müller";
  f.fullName = "Jürgen Müller";
  f.bib = "42";
  f.race = "10 km";
  f.key = "K84N2S";
  f.link =
      "https://racemap.app/redeem_key?key=K84N2S&startNumber=42&name=J%C3%BCrgen%20M%C3%BCller";
  f.qrSrc = "cid:qr-1@stadtlauf.de";
  f.qrFile = "42.png";
  return f;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(mail_template_test)

BOOST_AUTO_TEST_CASE(escapes_values_in_html_only) {
  MailTemplate t("Hi {{full_name}}", "Hi {{full_name}} {{link}}", "<p>{{full_name}} {{link}}</p>");
  MailFields f = jurgen();
  f.fullName = "Tom & Jerry <3 \"x\"";
  f.link = "https://x.test/?a=1&b=2";
  RenderedMail mail = t.render(f);
  BOOST_TEST(mail.subject == "Hi Tom & Jerry <3 \"x\"");
  BOOST_TEST(mail.text == "Hi Tom & Jerry <3 \"x\" https://x.test/?a=1&b=2");
  BOOST_TEST(contains(mail.html, "Tom &amp; Jerry &lt;3 &quot;x&quot;"));
  BOOST_TEST(!contains(mail.html, "<3"));
  BOOST_TEST(contains(mail.html, "a=1&amp;b=2"));
}

BOOST_AUTO_TEST_CASE(plain_rendering_leaves_html_escaping_on_for_the_next_render) {
  MailTemplate t("{{full_name}}", "{{full_name}}", "{{full_name}}");
  MailFields f = jurgen();
  f.fullName = "A<B";
  t.render(f);
  BOOST_TEST(t.render(f).html == "A&lt;B");
}

BOOST_AUTO_TEST_CASE(subject_is_one_line_even_when_a_value_has_line_breaks) {
  MailTemplate t("{{event_name}}:\n  key for {{full_name}}\n", "", "");
  MailFields f = jurgen();
  f.fullName = "Eve\r\nBcc: victim@example.org";
  BOOST_TEST(t.render(f).subject == "Stadtlauf Köln: key for Eve Bcc: victim@example.org");
}

BOOST_AUTO_TEST_CASE(default_template_carries_name_bib_key_link_and_image) {
  MailTemplate t = MailTemplate::load(racesync::test::sourceDir() + "/templates", "key-link");
  RenderedMail mail = t.render(jurgen());
  BOOST_TEST(mail.subject == "Stadtlauf Köln: your tracking key for bib 42");
  BOOST_TEST(contains(mail.text, "Hello Jürgen,"));
  BOOST_TEST(contains(mail.text, "Your bib: 42\n"));
  BOOST_TEST(contains(mail.text, "\n" + jurgen().link + "\n"));
  BOOST_TEST(contains(mail.text, "K84N2S"));
  BOOST_TEST(contains(mail.html, "<img src=\"cid:qr-1@stadtlauf.de\""));
  BOOST_TEST(contains(mail.html, "Jürgen Müller"));
  BOOST_TEST(contains(mail.html, "startNumber=42&amp;name=J%C3%BCrgen%20M%C3%BCller"));
}

BOOST_AUTO_TEST_CASE(default_template_leaves_out_the_bib_when_there_is_none) {
  MailTemplate t = MailTemplate::load(racesync::test::sourceDir() + "/templates", "key-link");
  MailFields f = jurgen();
  f.bib = "";
  RenderedMail mail = t.render(f);
  BOOST_TEST(mail.subject == "Stadtlauf Köln: your tracking key");
  BOOST_TEST(!contains(mail.text, "bib"));
  BOOST_TEST(!contains(mail.html, ">Bib<"));
}

BOOST_AUTO_TEST_CASE(german_template_speaks_german) {
  MailTemplate t = MailTemplate::load(racesync::test::sourceDir() + "/templates", "key-link-de");
  RenderedMail mail = t.render(jurgen());
  BOOST_TEST(mail.subject == "Stadtlauf Köln: dein Tracking-Schlüssel für Startnummer 42");
  BOOST_TEST(contains(mail.text, "Hallo Jürgen,"));
  BOOST_TEST(contains(mail.text, "Deine Startnummer: 42\n"));
  BOOST_TEST(contains(mail.html, "lang=\"de\""));
  BOOST_TEST(contains(mail.html, "Starter-Schlüssel"));
}

BOOST_AUTO_TEST_CASE(unknown_template_names_the_folder_and_the_choices) {
  std::string dir = racesync::test::sourceDir() + "/templates";
  try {
    MailTemplate::load(dir, "key-link-xx");
    BOOST_FAIL("expected a ConfigurationError");
  } catch (const ConfigurationError& e) {
    BOOST_TEST(e.message() ==
               "mail.template: no template folder " + dir +
                   "/key-link-xx: use key-link, key-link-de or a folder of your own");
  }
  BOOST_CHECK_THROW(MailTemplate::load(dir, "../key-link"), ConfigurationError);
}

BOOST_AUTO_TEST_CASE(template_without_html_part_names_the_missing_file) {
  racesync::test::TempDir dir;
  racesync::test::writeFile(dir.file("mine/subject.txt"), "s");
  racesync::test::writeFile(dir.file("mine/body.txt"), "t");
  try {
    MailTemplate::load(dir.path(), "mine");
    BOOST_FAIL("expected a ConfigurationError");
  } catch (const ConfigurationError& e) {
    BOOST_TEST(e.message() == dir.file("mine/body.html") +
                                  ": template file missing: mail.template 'mine' needs "
                                  "subject.txt, body.txt and body.html");
  }
}

BOOST_AUTO_TEST_SUITE_END()
