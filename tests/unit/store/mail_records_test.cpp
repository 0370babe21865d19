// The mails table through MailRecords, and the candidates the mail step reads, on an in-memory
// store.
#include "core/store/mail_records.h"

#include <Poco/Data/Session.h>

#include <boost/test/unit_test.hpp>

#include "core/base/errors.h"
#include "core/store/state_store.h"
#include "tests/unit/store/test_store.h"

using namespace racesync;
using Poco::Data::Keywords::now;
using Poco::Data::Keywords::use;

namespace {

struct Fixture {
  racesync::test::TestStore test;
  StateStore& store = test.store();
  MailRecords records{store};

  void addRegistrant(const std::string& id, const std::string& email,
                     const std::string& status = "active") {
    std::string i = id, e = email, s = status;
    store.sql(
        "INSERT INTO registrants (id, first_name, last_name, name, email, bib, "
        "race, status) VALUES (?, 'Anna', 'Schmidt', 'Anna S.', ?, '42', "
        "'10 km', ?)"),
        use(i), use(e), use(s), now;
  }

  void addLink(const std::string& id, const std::string& link) {
    std::string i = id, l = link, key = "K" + id, file = "qr/" + id + ".png";
    store.sql(
        "INSERT INTO links (registration_id, key, link, qr_file, "
        "qr_link) VALUES (?, ?, ?, ?, ?) ON CONFLICT (registration_id) DO UPDATE "
        "SET link = excluded.link, qr_link = excluded.qr_link"),
        use(i), use(key), use(l), use(file), use(l), now;
  }

  MailAttempt attempt(MailState state, int attempts, const std::string& error,
                      const std::string& at) {
    return {"R1", "https://l/R1", "<m1@x>", "anna@example.org", state, attempts, error, at};
  }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(mail_records_test, Fixture,
                         *boost::unit_test::precondition(racesync::test::fixtureBackendThere))

BOOST_AUTO_TEST_CASE(states_are_stored_as_their_names) {
  for (auto state :
       {MailState::kSent, MailState::kFailed, MailState::kOutbox, MailState::kSending}) {
    BOOST_TEST((parseMailState(toString(state)) == state));
  }
  BOOST_TEST(std::string(toString(MailState::kOutbox)) == "outbox");
}

BOOST_AUTO_TEST_CASE(an_intent_is_in_doubt_until_answered_or_withdrawn) {
  MailAttempt intent{"R1", "https://l/1",         "<m1@x>", "a@x", MailState::kSending, 0,
                     "",   "2026-01-01T00:00:00Z"};
  records.recordIntent(intent);
  BOOST_TEST((records.find("R1", "https://l/1")->state == MailState::kSending));
  BOOST_TEST(records.inDoubt() == 1);
  records.withdrawIntent("R1", "https://l/1", std::nullopt);
  BOOST_TEST(!records.find("R1", "https://l/1").has_value());
  records.recordIntent(intent);
  intent.state = MailState::kSent;
  records.recordAttempt(intent);
  auto sent = records.find("R1", "https://l/1");
  BOOST_TEST((sent->state == MailState::kSent));
  BOOST_TEST(sent->sends == 1);
  BOOST_TEST(records.inDoubt() == 0);
  // A resend's intent keeps the count of sends until the server answers.
  intent.state = MailState::kSending;
  records.recordIntent(intent);
  BOOST_TEST(records.find("R1", "https://l/1")->sends == 1);
  records.withdrawIntent("R1", "https://l/1", sent);
  BOOST_TEST((records.find("R1", "https://l/1")->state == MailState::kSent));
}

BOOST_AUTO_TEST_CASE(round_trips_an_attempt) {
  BOOST_TEST(!records.find("R1", "https://l/R1").has_value());
  records.recordAttempt(attempt(MailState::kFailed, 1, "550 user unknown", "t1"));
  auto mail = records.find("R1", "https://l/R1");
  BOOST_REQUIRE(mail.has_value());
  BOOST_TEST(mail->registrationId == "R1");
  BOOST_TEST(mail->link == "https://l/R1");
  BOOST_TEST(mail->messageId == "<m1@x>");
  BOOST_TEST(mail->email == "anna@example.org");
  BOOST_TEST((mail->state == MailState::kFailed));
  BOOST_TEST(mail->attempts == 1);
  BOOST_TEST(mail->sends == 0);
  BOOST_TEST(mail->lastError == "550 user unknown");
  BOOST_TEST(mail->sentAt == "");
  BOOST_TEST(mail->updatedAt == "t1");
  BOOST_TEST(!records.find("R1", "https://l/other").has_value());
}

BOOST_AUTO_TEST_CASE(sends_count_up_and_sent_at_stays_until_the_next_acceptance) {
  records.recordAttempt(attempt(MailState::kSent, 0, "", "t1"));
  records.recordAttempt(attempt(MailState::kFailed, 1, "450 try later", "t2"));
  auto mail = records.find("R1", "https://l/R1");
  BOOST_REQUIRE(mail.has_value());
  BOOST_TEST(mail->sends == 1);
  BOOST_TEST(mail->sentAt == "t1");
  BOOST_TEST(mail->updatedAt == "t2");
  records.recordAttempt(attempt(MailState::kSent, 0, "", "t3"));
  mail = records.find("R1", "https://l/R1");
  BOOST_TEST((mail->state == MailState::kSent));
  BOOST_TEST(mail->sends == 2);
  BOOST_TEST(mail->sentAt == "t3");
  BOOST_TEST(mail->lastError == "");
}

BOOST_AUTO_TEST_CASE(candidates_have_an_address_a_link_and_the_record_of_that_link) {
  addRegistrant("R1", "anna@example.org");
  addRegistrant("R2", "ben@example.org");
  addRegistrant("R3", "");                                // no address
  addRegistrant("R4", "wanda@example.org", "withdrawn");  // withdrawn
  addRegistrant("R5", "lea@example.org");                 // no link
  for (const char* id : {"R1", "R2", "R3", "R4"}) addLink(id, std::string("https://l/") + id);
  records.recordAttempt(attempt(MailState::kSent, 0, "", "t1"));
  MailAttempt old = attempt(MailState::kSent, 0, "", "t1");
  old.registrationId = "R2";
  old.link = "https://l/R2-before";
  records.recordAttempt(old);

  auto candidates = records.candidates();
  BOOST_REQUIRE(candidates.size() == 2u);
  BOOST_TEST(candidates[0].id == "R1");
  BOOST_TEST(candidates[0].email == "anna@example.org");
  BOOST_TEST(candidates[0].name == "Anna S.");
  BOOST_TEST(candidates[0].bib == "42");
  BOOST_TEST(candidates[0].key == "KR1");
  BOOST_TEST(candidates[0].qrFile == "qr/R1.png");
  BOOST_TEST(candidates[0].qrLink == "https://l/R1");
  BOOST_REQUIRE(candidates[0].mail.has_value());
  BOOST_TEST((candidates[0].mail->state == MailState::kSent));
  BOOST_TEST(candidates[0].mail->sends == 1);
  BOOST_TEST(candidates[1].id == "R2");
  BOOST_TEST(!candidates[1].mail.has_value(), "a mail of an earlier link is not this link's");
  BOOST_TEST(records.withoutAddress() == 1);
  BOOST_TEST(records.withoutLink() == 1);
}

// Issue 15: the mail step read every candidate with its mail into memory (206 MiB at 50,000
// registrants), even when nothing was to be sent. Now it reads a page at a time, and only those
// whose mail is not done; the others are counted.
BOOST_AUTO_TEST_CASE(candidates_come_a_page_at_a_time_and_done_mails_are_only_counted) {
  for (const char* id : {"R1", "R2", "R3", "R4", "R5"}) {
    addRegistrant(id, std::string(id) + "@example.org");
    addLink(id, std::string("https://l/") + id);
  }
  auto mailed = [&](const char* id, MailState state) {
    MailAttempt a = attempt(state, state == MailState::kFailed ? 1 : 0, "", "t1");
    a.registrationId = id;
    a.link = std::string("https://l/") + id;
    records.recordAttempt(a);
  };
  mailed("R1", MailState::kSent);
  mailed("R2", MailState::kOutbox);
  mailed("R3", MailState::kFailed);
  mailed("R4", MailState::kSending);
  auto ids = [](const std::vector<MailCandidate>& candidates) {
    std::vector<std::string> result;
    for (const auto& c : candidates) result.push_back(c.id);
    return result;
  };
  CandidateQuery mailOn;
  mailOn.includeDone = false;
  BOOST_TEST(ids(records.candidates(mailOn)) == (std::vector<std::string>{"R2", "R3", "R4", "R5"}),
             boost::test_tools::per_element());
  BOOST_TEST(records.countDone(true) == 1);
  BOOST_TEST(records.countCandidates(mailOn) == 4);
  CandidateQuery mailOff = mailOn;
  mailOff.mailEnabled = false;  // what is in the outbox is done while mail is off
  BOOST_TEST(ids(records.candidates(mailOff)) == (std::vector<std::string>{"R3", "R4", "R5"}),
             boost::test_tools::per_element());
  BOOST_TEST(records.countDone(false) == 2);

  CandidateQuery page;
  page.limit = 2;
  BOOST_TEST(ids(records.candidates(page)) == (std::vector<std::string>{"R1", "R2"}),
             boost::test_tools::per_element());
  page.afterId = "R2";
  std::vector<MailCandidate> second = records.candidates(page);
  BOOST_TEST(ids(second) == (std::vector<std::string>{"R3", "R4"}),
             boost::test_tools::per_element());
  BOOST_TEST((second[1].mail->state == MailState::kSending));
  page.afterId = "R4";
  BOOST_TEST(ids(records.candidates(page)) == (std::vector<std::string>{"R5"}),
             boost::test_tools::per_element());
  page.afterId = "R5";
  BOOST_TEST(records.candidates(page).empty());
}

BOOST_AUTO_TEST_CASE(attempts_recorded_together_are_each_recorded_as_alone) {
  addRegistrant("R1", "anna@example.org");
  addRegistrant("R2", "ben@example.org");
  MailAttempt first = attempt(MailState::kOutbox, 0, "", "t1");
  MailAttempt second = attempt(MailState::kFailed, 1, "malformed address", "t1");
  second.registrationId = "R2";
  records.recordAttempts({first, second});
  BOOST_TEST((records.find("R1", "https://l/R1")->state == MailState::kOutbox));
  auto failed = records.find("R2", "https://l/R1");
  BOOST_REQUIRE(failed.has_value());
  BOOST_TEST(failed->attempts == 1);
  BOOST_TEST(failed->lastError == "malformed address");
  records.recordAttempts({attempt(MailState::kSent, 0, "", "t2")});
  auto sent = records.find("R1", "https://l/R1");
  BOOST_TEST(sent->sends == 1);
  BOOST_TEST(sent->sentAt == "t2");
  BOOST_TEST(records.find("R3", "https://l/R1").has_value() == false);
}

BOOST_AUTO_TEST_CASE(a_write_that_fails_names_the_store_and_the_fix) {
  const bool postgres = racesync::test::fixtureBackend() == "postgres";
  store.execute(postgres ? "SET default_transaction_read_only = on" : "PRAGMA query_only = ON");
  try {
    records.recordIntent(attempt(MailState::kSending, 0, "", "t1"));
    BOOST_FAIL("expected a StoreError");
  } catch (const StoreError& e) {
    BOOST_TEST(e.message().rfind(store.path() + ": cannot write the state store: ", 0) == 0u,
               e.message());
  }
  store.execute(postgres ? "SET default_transaction_read_only = off" : "PRAGMA query_only = OFF");
  records.recordIntent(attempt(MailState::kSending, 0, "", "t1"));  // the statement is reusable
  BOOST_TEST(records.inDoubt() == 1);
}

BOOST_AUTO_TEST_CASE(an_unknown_state_is_a_store_error_naming_table_and_column) {
  addRegistrant("R1", "anna@example.org");
  addLink("R1", "https://l/R1");
  store.sql(
      "INSERT INTO mails (registration_id, link, state) VALUES ('R1', "
      "'https://l/R1', 'pending')"),
      now;
  BOOST_CHECK_EXCEPTION(records.candidates(), StoreError, [](const StoreError& e) {
    return e.message() ==
           "mails.state: unknown value 'pending' in the state store (sent, failed, outbox, "
           "sending expected): it was written by a newer racesync or edited by hand";
  });
  BOOST_CHECK_THROW(records.find("R1", "https://l/R1"), StoreError);
}

BOOST_AUTO_TEST_SUITE_END()
