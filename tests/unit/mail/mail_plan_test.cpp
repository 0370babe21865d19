// planMail and describe: candidates and rules in, a plan out; no store, no mailer, no files.
#include "core/mail/mail_plan.h"

#include <boost/test/unit_test.hpp>

using namespace racesync;

namespace {

struct Fixture {
  MailInputs inputs;
  MailRules rules;
  MailTemplate mailTemplate{"{{event_name}}: key for {{full_name}}{{#bib}}, bib {{bib}}{{/bib}}",
                            "{{link}}", "<img src=\"{{qr_src}}\">"};

  Fixture() {
    rules.eventName = "Stadtlauf";
    rules.senderDomain = "stadtlauf.de";
    rules.maxAttempts = 2;
  }

  MailCandidate& add(const std::string& id, const std::string& email) {
    MailCandidate c;
    c.id = id;
    c.email = email;
    c.firstName = "Anna";
    c.lastName = "Müller";
    c.bib = "42";
    c.race = "10 km";
    c.key = "K" + id;
    c.link = "https://l/" + id;
    c.qrFile = "qr/" + id + ".png";
    c.qrLink = c.link;
    inputs.qrFilesOnDisk.insert(c.qrFile);
    inputs.candidates.push_back(c);
    return inputs.candidates.back();
  }

  void mailed(MailCandidate& c, MailState state, int attempts, int sends,
              const std::string& error = "") {
    c.mail = MailRecord{c.id, c.link, "<old@x>", c.email, state, attempts, sends, error, "", ""};
  }

  MailPlan plan() { return planMail(inputs, rules, mailTemplate); }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(mail_plan_test, Fixture)

BOOST_AUTO_TEST_CASE(a_candidate_never_mailed_gets_its_message) {
  add("R1", "anna@example.org");
  MailCandidate& named = add("R2", "ben@example.org");
  named.name = "Ben M.";
  named.bib = "";
  MailPlan p = plan();
  BOOST_REQUIRE(p.decisions.size() == 2u);
  const MailDecision& d = p.decisions[0];
  BOOST_TEST((d.action == MailAction::kSend));
  BOOST_TEST(d.messageId == messageIdFor("R1", "https://l/R1", 0, "stadtlauf.de"));
  BOOST_TEST(d.to.name == "Anna Müller");
  BOOST_TEST(d.to.address == "anna@example.org");
  BOOST_TEST(d.subject == "Stadtlauf: key for Anna Müller, bib 42");
  BOOST_TEST(d.fields.key == "KR1");
  BOOST_TEST(d.fields.link == "https://l/R1");
  BOOST_TEST(d.fields.qrFile == "R1.png");
  BOOST_TEST(d.fields.qrSrc == "cid:qr-" + d.messageId.substr(1, d.messageId.size() - 2));
  BOOST_TEST(!d.problem.has_value());
  BOOST_TEST(p.decisions[1].to.name == "Ben M.");
  BOOST_TEST(p.decisions[1].subject == "Stadtlauf: key for Ben M.");
  BOOST_TEST(p.count(MailAction::kSend) == 2);
}

BOOST_AUTO_TEST_CASE(a_sent_mail_is_done_unless_resend_names_it) {
  mailed(add("R1", "anna@example.org"), MailState::kSent, 0, 1);
  mailed(add("R2", "ben@example.org"), MailState::kSent, 0, 2);
  MailPlan p = plan();
  BOOST_TEST(p.count(MailAction::kAlreadySent) == 2);

  rules.resend = {"R2", "R9", "R9"};
  p = plan();
  BOOST_TEST((p.decisions[0].action == MailAction::kAlreadySent));
  BOOST_TEST((p.decisions[1].action == MailAction::kSend));
  BOOST_TEST(p.decisions[1].messageId == messageIdFor("R2", "https://l/R2", 2, "stadtlauf.de"));
  BOOST_TEST(p.unknownResends == (std::vector<std::string>{"R9", "R9"}),
             boost::test_tools::per_element());

  rules.resend = {"all"};
  p = plan();
  BOOST_TEST(p.count(MailAction::kSend) == 2);
  BOOST_TEST(p.unknownResends.empty());
}

BOOST_AUTO_TEST_CASE(a_message_still_sending_is_in_doubt_and_held_until_resend_in_doubt) {
  mailed(add("R1", "anna@example.org"), MailState::kSending, 0, 0);
  mailed(add("R2", "ben@example.org"), MailState::kSending, 0, 1);
  add("R3", "cleo@example.org");
  MailPlan p = plan();
  BOOST_TEST(p.count(MailAction::kInDoubt) == 2);
  BOOST_TEST(p.count(MailAction::kSend) == 1);
  BOOST_REQUIRE(p.decisions[0].problem.has_value());
  BOOST_TEST(p.decisions[0].problem->code == "mail_in_doubt");
  BOOST_TEST(describe(p)[0] ==
             "hold registration R1 <anna@example.org>: in doubt (--resend in-doubt sends it)");

  rules.resend = {"in-doubt"};
  p = plan();
  BOOST_TEST(p.unknownResends.empty());
  BOOST_TEST(p.count(MailAction::kSend) == 3);
  // The same Message-ID as the attempt in doubt, so that the two copies can be told apart.
  BOOST_TEST(p.decisions[0].messageId == messageIdFor("R1", "https://l/R1", 0, "stadtlauf.de"));
  BOOST_TEST(p.decisions[1].messageId == messageIdFor("R2", "https://l/R2", 1, "stadtlauf.de"));
}

BOOST_AUTO_TEST_CASE(resend_in_doubt_leaves_sent_mails_alone) {
  mailed(add("R1", "anna@example.org"), MailState::kSent, 0, 1);
  rules.resend = {"in-doubt"};
  BOOST_TEST(plan().count(MailAction::kAlreadySent) == 1);
}

BOOST_AUTO_TEST_CASE(a_message_in_the_outbox_is_done_only_while_mail_is_off) {
  mailed(add("R1", "anna@example.org"), MailState::kOutbox, 0, 0);
  rules.mailEnabled = false;
  BOOST_TEST((plan().decisions[0].action == MailAction::kAlreadySent));
  rules.mailEnabled = true;
  MailPlan p = plan();
  BOOST_TEST((p.decisions[0].action == MailAction::kSend));
  BOOST_TEST(p.decisions[0].messageId == messageIdFor("R1", "https://l/R1", 0, "stadtlauf.de"));
}

BOOST_AUTO_TEST_CASE(a_refused_address_is_tried_up_to_max_attempts_then_given_up) {
  mailed(add("R1", "anna@example.org"), MailState::kFailed, 1, 0, "550 user unknown");
  MailPlan p = plan();
  BOOST_TEST((p.decisions[0].action == MailAction::kSend));
  BOOST_TEST(p.decisions[0].attempts == 1);

  inputs.candidates[0].mail->attempts = 2;
  p = plan();
  const MailDecision& d = p.decisions[0];
  BOOST_TEST((d.action == MailAction::kGaveUp));
  BOOST_REQUIRE(d.problem.has_value());
  BOOST_TEST(d.problem->step == "mail");
  BOOST_TEST(d.problem->registrationId == "R1");
  BOOST_TEST(d.problem->code == "mail_gave_up");
  BOOST_TEST(d.problem->message ==
             "registration R1 <anna@example.org>: not mailed after 2 attempts: 550 user unknown");
  BOOST_TEST(d.problem->hint ==
             "fix the address in the registration export, or run with --resend R1");

  rules.resend = {"R1"};
  BOOST_TEST((plan().decisions[0].action == MailAction::kSend));
}

BOOST_AUTO_TEST_CASE(a_corrected_address_starts_its_attempts_afresh) {
  MailCandidate& c = add("R1", "anna@example.org");
  mailed(c, MailState::kFailed, 2, 0, "malformed address");
  c.mail->email = "anna at example";
  MailPlan p = plan();
  BOOST_TEST((p.decisions[0].action == MailAction::kSend));
  BOOST_TEST(p.decisions[0].attempts == 0);
}

BOOST_AUTO_TEST_CASE(a_malformed_address_is_skipped_with_a_problem) {
  add("R1", "anna(at)example.org");
  MailPlan p = plan();
  const MailDecision& d = p.decisions[0];
  BOOST_TEST((d.action == MailAction::kMalformed));
  BOOST_REQUIRE(d.problem.has_value());
  BOOST_TEST(d.problem->code == "malformed_address");
  BOOST_TEST(d.problem->message ==
             "registration R1 <anna(at)example.org>: the address is malformed");
  BOOST_TEST(d.problem->hint == "fix the address in the registration export");
}

BOOST_AUTO_TEST_CASE(a_missing_or_stale_qr_code_is_skipped_with_a_problem) {
  add("R1", "anna@example.org");
  inputs.qrFilesOnDisk.erase("qr/R1.png");
  add("R2", "ben@example.org").qrLink = "https://l/R2-before";
  add("R3", "carl@example.org").qrFile = "";
  add("R4", "dora@example.org").qrLink = "";  // rendered before qr_link was kept: trusted
  MailPlan p = plan();
  BOOST_TEST(p.count(MailAction::kQrMissing) == 3);
  BOOST_TEST((p.decisions[3].action == MailAction::kSend));
  BOOST_REQUIRE(p.decisions[0].problem.has_value());
  BOOST_TEST(p.decisions[0].problem->code == "qr_missing");
  BOOST_TEST(p.decisions[0].problem->message ==
             "registration R1: no QR code for the current link in qr/R1.png");
  BOOST_TEST(p.decisions[0].problem->hint == "run the links step, then mail again");
  BOOST_TEST(p.decisions[2].problem->message == "registration R3: no QR code for the current link");
}

BOOST_AUTO_TEST_CASE(describe_prints_sends_and_skips_in_candidate_order) {
  add("R1", "anna@example.org");
  mailed(add("R2", "ben@example.org"), MailState::kSent, 0, 1);
  add("R3", "carl at example");
  add("R4", "dora@example.org").qrFile = "";
  mailed(add("R5", "eve@example.org"), MailState::kFailed, 2, 0, "550");
  std::vector<std::string> lines = describe(plan());
  std::vector<std::string> expected = {
      "send 'Stadtlauf: key for Anna Müller, bib 42' to registration R1 <anna@example.org>",
      "skip registration R3 <carl at example>: malformed address",
      "skip registration R4 <dora@example.org>: no QR code yet"};
  BOOST_TEST(lines == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()
