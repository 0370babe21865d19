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
  BOOST_TEST(contains(mail.html, "href=\"" + jurgen().link + "\""));
}

// Reproduces a reported bug: mstch escapes '/' and '&' too, so the links of the HTML part read
// "https:&#x2f;&#x2f;racemap.app&#x2f;redeem_key?key=K84N2S&amp;startNumber=42".
BOOST_AUTO_TEST_CASE(bundled_templates_write_urls_without_html_entities) {
  for (const char* name : {"key-link", "key-link-de"}) {
    MailTemplate t = MailTemplate::load(racesync::test::sourceDir() + "/templates", name);
    MailFields f = jurgen();
    f.appStoreUrl = "https://apps.apple.com/app/racemap/id123?l=de&mt=8";
    f.playStoreUrl = "https://play.google.com/store/apps/details?id=com.racemap&hl=de";
    RenderedMail mail = t.render(f);
    for (const std::string& url : {f.link, f.appStoreUrl, f.playStoreUrl}) {
      BOOST_TEST(contains(mail.html, "href=\"" + url + "\""), name << ": " << url);
      BOOST_TEST(contains(mail.text, url), name << ": " << url);
    }
    BOOST_TEST(contains(mail.html, "<img src=\"" + f.qrSrc + "\""), name);
    // Every href and src holds the URL as it is: no entity of any kind.
    for (const char* attribute : {"href=\"", "src=\""}) {
      for (size_t at = mail.html.find(attribute); at != std::string::npos;
           at = mail.html.find(attribute, at + 1)) {
        size_t start = at + std::string(attribute).size();
        std::string value = mail.html.substr(start, mail.html.find('"', start) - start);
        BOOST_TEST(value.find("&amp;") == std::string::npos, name << ": " << value);
        BOOST_TEST(value.find("&#") == std::string::npos, name << ": " << value);
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(bundled_templates_name_the_race_day_the_app_and_the_contact) {
  MailFields f = jurgen();
  f.appStoreUrl = "https://apps.example/racemap";
  f.playStoreUrl = "https://play.example/racemap";
  f.eventDate = "Sunday, 14 June 2026";
  f.startTime = "09:30";
  f.contact = "info@stadtlauf.de";
  RenderedMail en =
      MailTemplate::load(racesync::test::sourceDir() + "/templates", "key-link").render(f);
  BOOST_TEST(contains(en.text, "\nRace day: Sunday, 14 June 2026, first start at 09:30.\n"));
  BOOST_TEST(contains(en.html, "Race day: <strong>Sunday, 14 June 2026</strong>"));
  BOOST_TEST(contains(en.text,
                      "RACEMAP is the free live-tracking app for races: get it from the "
                      "App Store <https://apps.example/racemap> (iPhone) or Google "
                      "Play <https://play.example/racemap> (Android).\n"));
  BOOST_TEST(contains(en.text, "\nQuestions? info@stadtlauf.de\n"));
  BOOST_TEST(contains(en.html, "Questions? info@stadtlauf.de"));
  f.eventDate = "Sonntag, 14. Juni 2026";
  RenderedMail de =
      MailTemplate::load(racesync::test::sourceDir() + "/templates", "key-link-de").render(f);
  BOOST_TEST(contains(de.text, "\nRenntag: Sonntag, 14. Juni 2026, erster Start um 09:30 Uhr.\n"));
  BOOST_TEST(contains(de.text, "\nFragen? info@stadtlauf.de\n"));
  BOOST_TEST(contains(de.html, "RACEMAP ist die kostenlose Live-Tracking-App"));
  // Without a date, contact or start time the lines are gone, blank lines and all.
  f.eventDate = f.startTime = f.contact = "";
  RenderedMail plain =
      MailTemplate::load(racesync::test::sourceDir() + "/templates", "key-link").render(f);
  BOOST_TEST(!contains(plain.text, "Race day"));
  BOOST_TEST(!contains(plain.text, "Questions?"));
  BOOST_TEST(!contains(plain.text, "\n\n\n"));
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
