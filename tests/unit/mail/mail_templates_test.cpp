// MailTemplates and the mail plan: each registrant's mail in the language their export gives,
// mail.template for the rest, the race day written the way each language writes dates.
#include "core/mail/mail_templates.h"

#include <boost/test/unit_test.hpp>

#include "core/config/settings.h"
#include "core/mail/event_date.h"
#include "core/mail/mail_plan.h"
#include "tests/support/test_support.h"

using namespace racesync;

namespace {

Settings settingsWith(const std::string& ini) {
  return Settings::fromString(ini, {}, ".", test::sourceDir() + "/templates");
}

MailCandidate candidate(const std::string& id, const std::string& language) {
  MailCandidate c;
  c.id = id;
  c.email = id + "@example.org";
  c.firstName = "Runner";
  c.name = "Runner " + id;
  c.bib = id;
  c.race = "10 km";
  c.key = "K" + id;
  c.link = "https://racemap.app/redeem_key?key=K" + id;
  c.qrFile = "qr/" + id + ".png";
  c.language = language;
  return c;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(mail_templates_test)

BOOST_AUTO_TEST_CASE(a_german_and_an_english_registrant_in_one_race_get_their_own_language) {
  MailInputs inputs;
  for (const auto& c :
       {candidate("1", "de"), candidate("2", "en"), candidate("3", "fr"), candidate("4", "")}) {
    inputs.candidates.push_back(c);
    inputs.qrFilesOnDisk.insert(c.qrFile);
  }
  MailRules rules;
  rules.eventName = "Stadtlauf";
  rules.eventDate = "2026-06-14";
  rules.startTime = "09:30";
  Settings settings = settingsWith("");
  MailTemplates templates = MailTemplates::load(settings, "key-link", {"de", "en", "fr", ""});
  MailPlan plan = planMail(inputs, rules, templates);
  BOOST_REQUIRE(plan.decisions.size() == 4u);
  const MailDecision& german = plan.decisions[0];
  const MailDecision& english = plan.decisions[1];
  BOOST_TEST(german.language == "de");
  BOOST_TEST(german.subject == "Stadtlauf: dein Tracking-Schlüssel für Startnummer 1");
  BOOST_TEST(german.fields.eventDate == "Sonntag, 14. Juni 2026");
  BOOST_TEST(english.language == "en");
  BOOST_TEST(english.subject == "Stadtlauf: your tracking key for bib 2");
  BOOST_TEST(english.fields.eventDate == "Sunday, 14 June 2026");
  BOOST_TEST(english.fields.startTime == "09:30");
  // No key-link-fr: French and unknown registrants get mail.template, in its language.
  BOOST_TEST(plan.decisions[2].language == "en");
  BOOST_TEST(plan.decisions[3].language == "en");
  BOOST_TEST(templates.forLanguage("de").render(german.fields).text.find("Hallo Runner,") == 0u);
  BOOST_TEST(templates.forLanguage("en").render(english.fields).text.find("Hello Runner,") == 0u);
}

BOOST_AUTO_TEST_CASE(a_german_default_template_sends_english_registrants_the_english_one) {
  Settings settings = settingsWith("");
  MailTemplates templates = MailTemplates::load(settings, "key-link-de", {"de", "en", "nl"});
  BOOST_TEST(templates.languageOf("en") == "en");
  BOOST_TEST(templates.languageOf("de") == "de");
  BOOST_TEST(templates.languageOf("nl") == "de");  // mail.template's language
  MailFields fields;
  fields.eventName = "Stadtlauf";
  BOOST_TEST(templates.forLanguage("en").subject(fields) == "Stadtlauf: your tracking key");
  BOOST_TEST(templates.forLanguage("nl").subject(fields) == "Stadtlauf: dein Tracking-Schlüssel");
}

BOOST_AUTO_TEST_CASE(a_template_of_unknown_language_keeps_the_date_as_written) {
  MailTemplates templates(MailTemplate("{{event_date}}", "", ""));
  BOOST_TEST(templates.languageOf("de") == "");
  BOOST_TEST(templateLanguage("key-link-de") == "de");
  BOOST_TEST(templateLanguage("mail/city-run-fr") == "fr");
  BOOST_TEST(templateLanguage("key-link") == "en");
  BOOST_TEST(templateLanguage("city-run") == "");
  BOOST_TEST(formatEventDate("2026-06-14", "") == "2026-06-14");
  BOOST_TEST(formatEventDate("2026-06-14", "fr") == "2026-06-14");
  BOOST_TEST(formatEventDate("", "de") == "");
}

BOOST_AUTO_TEST_CASE(dates_and_times_are_checked) {
  BOOST_TEST(isIsoDate("2026-02-28"));
  BOOST_TEST(!isIsoDate("2026-02-30"));
  BOOST_TEST(!isIsoDate("14.06.2026"));
  BOOST_TEST(isClockTime("9:30"));
  BOOST_TEST(isClockTime("23:59"));
  BOOST_TEST(!isClockTime("24:00"));
  BOOST_TEST(!isClockTime("9.30"));
}

BOOST_AUTO_TEST_SUITE_END()
