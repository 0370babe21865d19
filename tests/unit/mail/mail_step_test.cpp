#include "core/mail/mail_step.h"

#include <Poco/Data/Session.h>
#include <Poco/File.h>

#include <boost/test/unit_test.hpp>

#include <map>
#include <set>

#include "core/base/clock.h"
#include "core/base/errors.h"
#include "core/config/settings.h"
#include "core/net/http_transport.h"
#include "core/run/progress.h"
#include "core/store/problem_log.h"
#include "core/store/state_store.h"
#include "jobs/wiring.h"
#include "tests/support/test_support.h"

using namespace racesync;
using Poco::Data::Keywords::into;
using Poco::Data::Keywords::now;
using Poco::Data::Keywords::use;

namespace {

struct Sent {
  Envelope envelope;
  std::string text;
};

// Stands for the process dying (kill -9) at a chosen moment: nothing below main catches it.
struct Killed {};

// Records every message; answers as scripted per recipient, and loses the connection after
// `dropAfter` accepted messages. From message `lostAfter` on (counting those the server stored)
// the server stores the message but its answer is lost; at message `killAfter` the process
// "dies" after the server stored it, before racesync hears of it.
class FakeMailer : public Mailer {
 public:
  std::vector<Sent>* sent;
  std::map<std::string, MailDelivery>* answers;
  int dropAfter;
  int lostAfter = -1;
  int killAfter = -1;
  std::vector<std::int64_t>* times;
  Clock* clock;

  MailDelivery send(const Envelope& envelope, const std::string& message,
                    const HandOver& handOver) override {
    times->push_back(clock->nowMs());
    if (dropAfter >= 0 && static_cast<int>(sent->size()) >= dropAfter) {
      return {MailDelivery::Result::kConnectionFailed, "smtp 127.0.0.1:25: connection reset"};
    }
    auto it = answers->find(envelope.to);
    if (it != answers->end()) return it->second;  // refused at RCPT: nothing handed over
    handOver();
    int stored = static_cast<int>(sent->size());
    sent->push_back({envelope, message});
    if (killAfter >= 0 && stored >= killAfter) throw Killed{};
    if (lostAfter >= 0 && stored >= lostAfter) {
      return {MailDelivery::Result::kInDoubt, "smtp 127.0.0.1:25: connection reset"};
    }
    return {MailDelivery::Result::kAccepted, ""};
  }
};

class NoHttp : public HttpTransport {
 public:
  HttpResponse send(const HttpRequest&) override {
    throw TransportError(TransportFailure::kConnect, "no HTTP in mail tests");
  }
};

struct Fixture {
  test::TempDir dir;
  StateStore store{":memory:"};
  ManualClock clock;
  NoHttp http;
  SilentProgress progress;
  std::vector<Sent> sent;
  std::map<std::string, MailDelivery> answers;
  std::vector<std::int64_t> times;
  int dropAfter = -1;
  int lostAfter = -1;
  int killAfter = -1;
  std::string extraConfig;
  Plan lastPlan;

  Fixture() {
    addRegistrant("R1", "Jürgen", "Müller", "juergen@example.org", "42");
    addRegistrant("R2", "Anna", "Müller", "family@example.org", "43");
    addRegistrant("R3", "Ben", "Müller", "family@example.org", "");
    addRegistrant("R4", "Wanda", "Withdrawn", "wanda@example.org", "44", "withdrawn");
    addRegistrant("R5", "Nora", "Noaddress", "", "45");
    addRegistrant("R6", "Lea", "Nolink", "lea@example.org", "46");
    for (const char* id : {"R1", "R2", "R3", "R4", "R5"})
      addLink(id, std::string("https://l/") + id);
  }

  void addRegistrant(const std::string& id, const std::string& first, const std::string& last,
                     const std::string& email, const std::string& bib,
                     const std::string& status = "active") {
    std::string i = id, f = first, l = last, n = first + " " + last, e = email, b = bib, s = status,
                race = "10 km";
    store.session() << "INSERT INTO registrants (id, first_name, last_name, name, email, bib, "
                       "race, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        use(i), use(f), use(l), use(n), use(e), use(b), use(race), use(s), now;
  }

  void addLink(const std::string& id, const std::string& link) {
    std::string i = id, l = link, key = "K" + id + "XYZ", file = "qr/" + id + ".png";
    test::writeFile(dir.file("out/" + file), "PNG of " + link);
    store.session() << "INSERT OR REPLACE INTO links (registration_id, key, link, qr_file, "
                       "qr_link) VALUES (?, ?, ?, ?, ?)",
        use(i), use(key), use(l), use(file), use(l), now;
  }

  StepResult run(RunOptions options = {}) {
    Settings settings = Settings::fromString(
        "[event]\nname = Stadtlauf Köln\n[out]\ndir = " + dir.file("out") +
            "\n[mail]\nfrom = Stadtlauf Köln <info@stadtlauf.de>\n" + extraConfig,
        {}, dir.path(), test::sourceDir() + "/templates");
    RunContext context{settings, store, http, clock, progress, options, 1, Plan{}};
    // The real outbox mailer for the routes that write files (dry run, mail off with an outbox),
    // the fake for SMTP.
    MailStep step([this](const Settings& s, const MailRoute& route) -> std::unique_ptr<Mailer> {
      if (route.writesFiles()) return realMailers()(s, route);
      auto mailer = std::make_unique<FakeMailer>();
      mailer->sent = &sent;
      mailer->answers = &answers;
      mailer->dropAfter = dropAfter;
      mailer->lostAfter = lostAfter;
      mailer->killAfter = killAfter;
      mailer->times = &times;
      mailer->clock = &clock;
      return mailer;
    });
    StepResult result = step.run(context);
    lastPlan = context.plan;
    return result;
  }

  long long count(const std::string& result, const StepResult& r) {
    for (const auto& [name, value] : r.counts) {
      if (name == result) return value;
    }
    return -1;
  }

  std::string mailState(const std::string& id) {
    std::string i = id, state;
    store.session() << "SELECT coalesce(max(state), '') FROM mails WHERE registration_id = ? AND "
                       "updated_at = (SELECT max(updated_at) FROM mails WHERE registration_id = ?)",
        use(i), use(i), into(state), now;
    return state;
  }
};

std::vector<std::string> recipients(const std::vector<Sent>& sent) {
  std::vector<std::string> to;
  for (const auto& s : sent) to.push_back(s.envelope.name + " " + s.envelope.to);
  return to;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(mail_step_test)

// Issue 12: a kill while waiting for the server's 250 mailed the registrant twice, because the
// message was recorded only after the server accepted it.
BOOST_FIXTURE_TEST_CASE(a_kill_after_the_server_stored_a_message_leaves_it_in_doubt_not_resent,
                        Fixture) {
  killAfter = 1;  // R2's message is stored, then the run dies
  BOOST_CHECK_THROW(run(), Killed);
  BOOST_TEST(sent.size() == 2u);
  BOOST_TEST(mailState("R1") == "sent");
  BOOST_TEST(mailState("R2") == "sending");

  killAfter = -1;
  StepResult again = run();
  BOOST_TEST(recipients(sent) ==
                 (std::vector<std::string>{"R1 juergen@example.org", "R2 family@example.org",
                                           "R3 family@example.org"}),
             boost::test_tools::per_element());
  BOOST_TEST(count("in_doubt", again) == 1);
  BOOST_TEST(mailState("R2") == "sending");
  auto problems = loadProblems(store);
  BOOST_REQUIRE(problems.size() == 1u);
  BOOST_TEST(problems[0].code == "mail_in_doubt");
  BOOST_TEST(problems[0].hint.find("--resend in-doubt") != std::string::npos);
}

BOOST_FIXTURE_TEST_CASE(resend_in_doubt_sends_exactly_the_messages_in_doubt_with_their_message_id,
                        Fixture) {
  killAfter = 1;
  BOOST_CHECK_THROW(run(), Killed);
  std::string first = sent[1].text;
  killAfter = -1;
  run();  // R3 goes out; R2 stays in doubt
  sent.clear();
  RunOptions options;
  options.resend = {"in-doubt"};
  StepResult result = run(options);
  BOOST_REQUIRE(sent.size() == 1u);
  BOOST_TEST(sent[0].envelope.name == "R2");
  auto id = [](const std::string& text) {
    auto start = text.find("Message-ID: ") + 12;
    return text.substr(start, text.find("\r\n", start) - start);
  };
  BOOST_TEST(id(sent[0].text) == id(first));
  BOOST_TEST(mailState("R2") == "sent");
  for (const auto& note : result.notes) {  // in-doubt is no registration id to complain about
    BOOST_TEST(note.find("in-doubt") == std::string::npos, note);
  }
  sent.clear();
  run(options);
  BOOST_TEST(sent.empty(), "nothing is in doubt any more");
}

// Issue 12: a connection dropped after the server stored the message was reported as "the server
// rejected the message", and the message was sent again by the next run.
BOOST_FIXTURE_TEST_CASE(an_answer_lost_after_the_message_went_out_is_in_doubt_not_rejected,
                        Fixture) {
  lostAfter = 0;
  try {
    run();
    BOOST_FAIL("expected a TemporaryError");
  } catch (const TemporaryError& e) {
    BOOST_TEST(
        e.message().find("registration R1 <juergen@example.org> is in doubt") != std::string::npos,
        e.message());
    BOOST_TEST(e.message().find("rejected") == std::string::npos, e.message());
  }
  BOOST_TEST(mailState("R1") == "sending");
  lostAfter = -1;
  sent.clear();
  run();
  BOOST_TEST(recipients(sent) ==
                 (std::vector<std::string>{"R2 family@example.org", "R3 family@example.org"}),
             boost::test_tools::per_element());
}

// Issue 12: with the state disk full, 41 messages were accepted and 40 recorded.
BOOST_FIXTURE_TEST_CASE(a_state_that_cannot_be_written_stops_mailing_before_the_message_goes_out,
                        Fixture) {
  store.session() << "PRAGMA query_only = ON", now;  // every write fails, as on a full disk
  try {
    run();
    BOOST_FAIL("expected a StoreError");
  } catch (const StoreError& e) {
    BOOST_TEST(e.message().rfind(":memory:: cannot write the state store: ", 0) == 0u, e.message());
  }
  BOOST_TEST(sent.empty(), "no message goes out unrecorded");
  BOOST_TEST(times.size() == 1u, "mailing stopped at the first message");
}

BOOST_FIXTURE_TEST_CASE(sends_one_message_per_active_registrant_with_address_and_link, Fixture) {
  StepResult result = run();
  std::vector<std::string> expected = {"R1 juergen@example.org", "R2 family@example.org",
                                       "R3 family@example.org"};
  BOOST_TEST(recipients(sent) == expected, boost::test_tools::per_element());
  BOOST_TEST(count("sent", result) == 3);
  BOOST_TEST(count("no_address", result) == 1);
  BOOST_TEST(count("no_link", result) == 1);
  BOOST_TEST(sent[0].envelope.from == "info@stadtlauf.de");
  BOOST_TEST(sent[0].text.find("X-Racesync-Registration: R1") != std::string::npos);
  BOOST_TEST(sent[1].text.find(
                 "Subject: =?UTF-8?Q?Stadtlauf_K=C3=B6ln=3A_your_tracking_key_for_bib_43?=") !=
             std::string::npos);
  BOOST_TEST(mailState("R1") == "sent");
}

BOOST_FIXTURE_TEST_CASE(rerun_sends_nothing, Fixture) {
  run();
  sent.clear();
  StepResult again = run();
  BOOST_TEST(sent.empty());
  BOOST_TEST(count("already_sent", again) == 3);
}

BOOST_FIXTURE_TEST_CASE(changed_link_sends_exactly_one_new_message, Fixture) {
  run();
  sent.clear();
  addLink("R2", "https://l/R2-bib-99");
  run();
  BOOST_REQUIRE(sent.size() == 1u);
  BOOST_TEST(sent[0].envelope.name == "R2");
  BOOST_TEST(sent[0].text.find("https://l/R2-bib-99") != std::string::npos);
}

BOOST_FIXTURE_TEST_CASE(resend_sends_again_with_a_recognisable_message_id, Fixture) {
  run();
  std::string first = sent[0].text;
  sent.clear();
  RunOptions options;
  options.resend = {"R1", "R9"};
  StepResult result = run(options);
  BOOST_REQUIRE(sent.size() == 1u);
  auto id = [](const std::string& text) {
    auto start = text.find("Message-ID: ") + 12;
    return text.substr(start, text.find("\r\n", start) - start);
  };
  std::string before = id(first), after = id(sent[0].text);
  BOOST_TEST(before != after);
  BOOST_TEST(after.rfind(before.substr(0, before.find('@')) + ".r1@", 0) == 0u);
  BOOST_REQUIRE(result.notes.size() == 2u);
  BOOST_TEST(result.notes[0] == "--resend R9: no active registrant with an address and a link");
  BOOST_TEST(result.notes[1] == "mails per language: en 1");

  sent.clear();
  options.resend = {"all"};
  run(options);
  BOOST_TEST(sent.size() == 3u);
}

BOOST_FIXTURE_TEST_CASE(refused_recipient_is_a_problem_retried_up_to_max_attempts, Fixture) {
  answers["juergen@example.org"] = {MailDelivery::Result::kRejected,
                                    "550 5.1.1 <juergen@example.org>: User unknown"};
  extraConfig = "max_attempts = 2\n";
  StepResult first = run();
  BOOST_TEST(count("sent", first) == 2);
  BOOST_TEST(count("failed", first) == 1);
  BOOST_TEST(mailState("R1") == "failed");
  auto problems = loadProblems(store);
  BOOST_REQUIRE(problems.size() == 1u);
  BOOST_TEST(problems[0].code == "recipient_rejected");
  BOOST_TEST(problems[0].message ==
             "registration R1 <juergen@example.org>: refused by the mail server: 550 5.1.1 "
             "<juergen@example.org>: User unknown");
  BOOST_TEST(problems[0].hint ==
             "check the address; racesync tries again next run (attempt 1 of 2)");

  times.clear();
  StepResult second = run();
  BOOST_TEST(times.size() == 1u, "the refused one is tried again, nothing else");
  BOOST_TEST(count("failed", second) == 1);

  times.clear();
  StepResult third = run();
  BOOST_TEST(times.empty(), "no third attempt");
  BOOST_TEST(count("gave_up", third) == 1);
  problems = loadProblems(store);
  BOOST_REQUIRE(problems.size() == 1u);
  BOOST_TEST(problems[0].code == "mail_gave_up");

  answers.clear();  // the address is fixed at the provider: a resend goes through
  RunOptions options;
  options.resend = {"R1"};
  run(options);
  BOOST_TEST(mailState("R1") == "sent");
  BOOST_TEST(loadProblems(store).empty());
}

BOOST_FIXTURE_TEST_CASE(corrected_address_gets_fresh_attempts, Fixture) {
  store.session() << "UPDATE registrants SET email = 'juergen at example' WHERE id = 'R1'", now;
  extraConfig = "max_attempts = 1\n";
  run();
  BOOST_TEST(mailState("R1") == "failed");
  store.session() << "UPDATE registrants SET email = 'juergen@example.org' WHERE id = 'R1'", now;
  sent.clear();
  run();
  BOOST_TEST(recipients(sent) == std::vector<std::string>{"R1 juergen@example.org"});
}

BOOST_FIXTURE_TEST_CASE(malformed_address_is_a_problem_not_an_exception, Fixture) {
  store.session() << "UPDATE registrants SET email = 'juergen(at)example.org' WHERE id = 'R1'", now;
  StepResult result = run();
  BOOST_TEST(count("sent", result) == 2);
  BOOST_TEST(count("failed", result) == 1);
  auto problems = loadProblems(store);
  BOOST_REQUIRE(problems.size() == 1u);
  BOOST_TEST(problems[0].code == "malformed_address");
  BOOST_TEST(problems[0].message ==
             "registration R1 <juergen(at)example.org>: the address is malformed");
}

BOOST_FIXTURE_TEST_CASE(lost_connection_stops_with_75_and_keeps_what_was_sent, Fixture) {
  dropAfter = 1;
  try {
    run();
    BOOST_FAIL("expected a TemporaryError");
  } catch (const TemporaryError& e) {
    BOOST_TEST(exitCodeFor(e) == 75);
    BOOST_TEST(e.message() ==
               "smtp 127.0.0.1:25: connection reset: mail stopped after 1 sent: the next run "
               "sends the rest");
  }
  BOOST_TEST(mailState("R1") == "sent");
  BOOST_TEST(mailState("R2") == "");
  dropAfter = -1;
  sent.clear();
  run();
  BOOST_TEST(recipients(sent) ==
                 (std::vector<std::string>{"R2 family@example.org", "R3 family@example.org"}),
             boost::test_tools::per_element());
}

BOOST_FIXTURE_TEST_CASE(paces_messages_on_the_clock, Fixture) {
  extraConfig = "per_minute = 20\n";
  run();
  BOOST_REQUIRE(times.size() == 3u);
  BOOST_TEST(times[1] - times[0] == 3000);
  BOOST_TEST(times[2] - times[1] == 3000);
  BOOST_TEST(clock.sleptMs() == 6000);
}

BOOST_FIXTURE_TEST_CASE(no_pacing_by_default, Fixture) {
  run();
  BOOST_TEST(clock.sleptMs() == 0);
}

BOOST_FIXTURE_TEST_CASE(dry_run_writes_eml_files_and_records_nothing, Fixture) {
  RunOptions options;
  options.dryRun = true;
  StepResult result = run(options);
  BOOST_TEST(sent.empty());
  BOOST_TEST(count("would_send", result) == 3);
  BOOST_TEST(Poco::File(dir.file("out/outbox/R1.eml")).exists());
  BOOST_TEST(test::readFile(dir.file("out/outbox/R2.eml"))
                 .find("To: =?UTF-8?Q?Anna_M=C3=BCller?= <family@example.org>\r\n") !=
             std::string::npos);
  BOOST_TEST(mailState("R1") == "");
  BOOST_REQUIRE(lastPlan.actions.size() == 3u);
  BOOST_TEST(lastPlan.actions[0].first == "mail");
  BOOST_TEST(lastPlan.actions[0].second ==
             "send 'Stadtlauf Köln: your tracking key for bib 42' to registration R1 "
             "<juergen@example.org>");
}

BOOST_FIXTURE_TEST_CASE(outbox_mode_writes_files_and_a_later_enabled_run_sends, Fixture) {
  extraConfig = "enabled = false\noutbox = " + dir.file("box") + "\n";
  StepResult result = run();
  BOOST_TEST(sent.empty());
  BOOST_TEST(count("written", result) == 3);
  BOOST_TEST(Poco::File(dir.file("box/R3.eml")).exists());
  BOOST_TEST(mailState("R3") == "outbox");
  extraConfig = "";
  run();
  BOOST_TEST(sent.size() == 3u);
  BOOST_TEST(mailState("R3") == "sent");
}

// Issue 15: the step held every candidate, its plan and its message fields at once; now it reads,
// plans and mails a page of candidates at a time. Every page is mailed, each registrant once.
BOOST_FIXTURE_TEST_CASE(every_page_of_candidates_is_mailed_exactly_once, Fixture) {
  store.transact([&] {
    for (int i = 1000; i < 2100; ++i) {  // more than two pages
      std::string id = "R" + std::to_string(i);
      addRegistrant(id, "Runner", std::to_string(i), "runner" + std::to_string(i) + "@example.org",
                    std::to_string(i));
      addLink(id, "https://l/" + id);
    }
  });
  StepResult result = run();
  BOOST_TEST(count("sent", result) == 1103);
  std::set<std::string> names;
  for (const auto& s : sent) names.insert(s.envelope.name);
  BOOST_TEST(names.size() == 1103u, "no registrant mailed twice");
  BOOST_TEST(sent.back().envelope.name == "R3", "in id order");

  sent.clear();
  StepResult again = run();
  BOOST_TEST(sent.empty());
  BOOST_TEST(count("already_sent", again) == 1103);

  RunOptions options;
  options.resend = {"R2099"};  // on the last page
  StepResult resent = run(options);
  BOOST_REQUIRE(sent.size() == 1u);
  BOOST_TEST(sent[0].envelope.name == "R2099");
  for (const auto& note : resent.notes) {
    BOOST_TEST(note.find("--resend") == std::string::npos, "R2099 is known: " << note);
  }
  BOOST_TEST(count("already_sent", resent) == 1102);
}

BOOST_FIXTURE_TEST_CASE(outbox_mode_records_every_page_it_writes, Fixture) {
  store.transact([&] {
    for (int i = 1000; i < 1600; ++i) {
      std::string id = "R" + std::to_string(i);
      addRegistrant(id, "Runner", std::to_string(i), "runner" + std::to_string(i) + "@example.org",
                    std::to_string(i));
      addLink(id, "https://l/" + id);
    }
  });
  extraConfig = "enabled = false\noutbox = " + dir.file("box") + "\n";
  BOOST_TEST(count("written", run()) == 603);
  Poco::Int64 outbox = 0;
  store.session() << "SELECT count(*) FROM mails WHERE state = 'outbox'", into(outbox), now;
  BOOST_TEST(outbox == 603);
  BOOST_TEST(Poco::File(dir.file("box/R1599.eml")).exists());
  StepResult again = run();
  BOOST_TEST(count("written", again) == 0);
  BOOST_TEST(count("already_sent", again) == 603);
}

BOOST_FIXTURE_TEST_CASE(disabled_without_outbox_does_nothing, Fixture) {
  extraConfig = "enabled = false\n";
  StepResult result = run();
  BOOST_TEST(sent.empty());
  BOOST_REQUIRE(result.notes.size() == 1u);
  BOOST_TEST(result.notes[0] ==
             "mail.enabled is false and mail.outbox is unset: no mail written or sent");
}

BOOST_FIXTURE_TEST_CASE(missing_qr_file_is_a_problem, Fixture) {
  Poco::File(dir.file("out/qr/R2.png")).remove();
  StepResult result = run();
  BOOST_TEST(count("sent", result) == 2);
  BOOST_TEST(count("qr_missing", result) == 1);
  auto problems = loadProblems(store);
  BOOST_REQUIRE(problems.size() == 1u);
  BOOST_TEST(problems[0].message ==
             "registration R2: no QR code for the current link in qr/R2.png");
}

BOOST_FIXTURE_TEST_CASE(sender_without_address_is_a_configuration_error, Fixture) {
  test::TempDir other;
  Settings settings = Settings::fromString("[mail]\nfrom = Stadtlauf\n", {}, other.path());
  try {
    readMailConfig(settings);
    BOOST_FAIL("expected a ConfigurationError");
  } catch (const ConfigurationError& e) {
    BOOST_TEST(e.message() ==
               "mail.from: 'Stadtlauf' has no valid address: write Name <address@domain>");
  }
}

// Finding 9 of issue 13: with mail.enabled = false, a dry run failed the mail step (exit 78, after
// the other steps ran) for want of a mail.from, and suggested mail.enabled = false.
BOOST_AUTO_TEST_CASE(mail_disabled_without_a_sender_failed_the_dry_run) {
  test::TempDir other;
  Settings settings = Settings::fromString("[event]\nname = Stadtlauf\n[mail]\nenabled = false\n",
                                           {}, other.path());
  MailConfig config = readMailConfig(settings);
  BOOST_TEST(config.from.name == "Stadtlauf");
  BOOST_TEST(!config.from.address.empty());
}

BOOST_AUTO_TEST_SUITE_END()
