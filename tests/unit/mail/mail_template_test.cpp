#include "core/mail/mail_template.h"

#include <mstch/mstch.hpp>

#include <boost/test/unit_test.hpp>

#include <functional>

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

// The rendering every message had before templates were compiled: mstch parses the three parts
// per message, plain parts with escaping off. The subject is left as mstch renders it.
RenderedMail renderedByMstch(const std::string& subject, const std::string& text,
                             const std::string& html, const MailFields& f) {
  mstch::map context{
      {"event_name", f.eventName},
      {"first_name", f.firstName},
      {"last_name", f.lastName},
      {"full_name", f.fullName},
      {"bib", f.bib},
      {"race", f.race},
      {"key", f.key},
      {"link", f.link},
      {"qr_src", f.qrSrc},
      {"qr_file", f.qrFile},
      {"event_date", f.eventDate},
      {"start_time", f.startTime},
      {"contact", f.contact},
      {"app_store_url", f.appStoreUrl},
      {"play_store_url", f.playStoreUrl},
      {"language", f.language},
  };
  RenderedMail mail;
  mail.html = mstch::render(html, context);
  auto saved = mstch::config::escape;
  mstch::config::escape = [](const std::string& value) { return value; };
  mail.subject = mstch::render(subject, context);
  mail.text = mstch::render(text, context);
  mstch::config::escape = saved;
  return mail;
}

std::string readFile(const std::string& path) { return racesync::test::readFile(path); }

// Values that differ in what escaping, sections and line handling do with them.
std::vector<MailFields> variedFields() {
  std::vector<MailFields> all;
  MailFields f = jurgen();
  all.push_back(f);
  f.bib = "";
  f.race = "";
  all.push_back(f);
  f.fullName = "Tom & Jerry <3 \"x\" 'y' a/b `c` =d";
  f.firstName = "Zoë";
  f.contact = "info@stadtlauf.de";
  f.eventDate = "Sunday, 14 June 2026";
  f.startTime = "09:30";
  f.appStoreUrl = "https://apps.apple.com/app/racemap/id123?l=de&mt=8";
  all.push_back(f);
  f.bib = "{{race}}";  // a value is never rendered again
  f.race = "10 km\nline two";
  f.startTime = "";
  all.push_back(f);
  return all;
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

// Issue 15: every message re-tokenised the three template parts (mstch parses a template on every
// render). Now the parts are compiled once per pattern of empty and filled fields.
BOOST_AUTO_TEST_CASE(templates_are_compiled_once_per_pattern_of_empty_fields) {
  MailTemplate t = MailTemplate::load(racesync::test::sourceDir() + "/templates", "key-link");
  BOOST_TEST(t.compiledForms() == 0u);
  MailFields f = jurgen();
  for (int i = 0; i < 50; ++i) {
    f.firstName = "Runner " + std::to_string(i);
    f.bib = std::to_string(100 + i);
    t.render(f);
    t.subject(f);
  }
  BOOST_TEST(t.compiledForms() == 1u, "fifty messages with the same fields filled, one compile");
  f.bib = "";
  t.render(f);
  t.render(f);
  BOOST_TEST(t.compiledForms() == 2u, "a message without a bib shows other sections");
}

BOOST_AUTO_TEST_CASE(compiled_templates_render_what_mstch_renders_byte_for_byte) {
  std::string dir = racesync::test::sourceDir() + "/templates/";
  std::vector<std::vector<std::string>> parts;
  for (const char* name : {"key-link", "key-link-de"}) {
    std::string folder = dir + name + "/";
    parts.push_back({readFile(folder + "subject.txt"), readFile(folder + "body.txt"),
                     readFile(folder + "body.html")});
  }
  // Sections alone on their line, inverted sections, comments, {{.}}, {{& }}, set delimiters,
  // names no template knows, nesting and text mstch escapes without a value in it.
  parts.push_back(
      {"{{#bib}}Bib {{.}}{{/bib}}{{^bib}}no bib{{/bib}} {{! a comment }}",
       "{{#race}}\n  {{race}}: {{{full_name}}} {{&full_name}}\n{{/race}}\n{{unknown}}|"
       "{{#contact}}{{#bib}}{{contact}}/{{bib}}{{/bib}}{{/contact}}\n{{=<% %>=}}<% key %>",
       "<p>{{full_name}}</p>\n  {{#bib}}\n<b>{{.}}</b>\n  {{/bib}}\n{{^race}}<i>none"
       "</i>{{/race}}<a href=\"{{{link}}}\">{{link}}</a>{{missing.name}}{{.}}"});
  for (const auto& p : parts) {
    MailTemplate t(p[0], p[1], p[2]);
    for (const MailFields& f : variedFields()) {
      RenderedMail compiled = t.render(f);
      RenderedMail old = renderedByMstch(p[0], p[1], p[2], f);
      BOOST_TEST(compiled.html == old.html);
      BOOST_TEST(compiled.text == old.text);
      // The subject is made one line afterwards; mstch's rendering of it is the same words.
      std::string words = old.subject;
      for (char& c : words) {
        if (c == '\n' || c == '\r' || c == '\t') c = ' ';
      }
      BOOST_TEST(compiled.subject.find_first_of("\r\n") == std::string::npos);
      std::string squeezed;
      for (char c : words) {
        if (c == ' ' && (squeezed.empty() || squeezed.back() == ' ')) continue;
        squeezed += c;
      }
      while (!squeezed.empty() && squeezed.back() == ' ') squeezed.pop_back();
      BOOST_TEST(compiled.subject == squeezed);
    }
  }
}

BOOST_AUTO_TEST_CASE(a_template_holding_the_compilers_marker_bytes_is_still_rendered_by_mstch) {
  MailTemplate t("s\x01", "t {{bib}}\x02", "<p>{{full_name}}\x03</p>");
  MailFields f = jurgen();
  f.fullName = "A<B";
  RenderedMail mail = t.render(f);
  BOOST_TEST(mail.html == "<p>A&lt;B\x03</p>");
  BOOST_TEST(mail.text == "t 42\x02");
  BOOST_TEST(t.compiledForms() == 0u);
}

BOOST_AUTO_TEST_SUITE_END()
