// planWriteback: which registrants' key and link go back into RACE RESULT, and what a dry run says.
#include "core/raceresult/writeback_plan.h"

#include <boost/test/unit_test.hpp>

#include "core/base/errors.h"
#include "core/config/settings.h"
#include "tests/support/test_support.h"

using namespace racesync;

namespace {

const std::string kLink1 = "https://racemap.app/redeem_key?key=K84N2S&startNumber=12&name=Anna";
const std::string kLink2 = "https://racemap.app/redeem_key?key=P3Q9ZZ&name=Bernd";

WritebackConfig config(WritebackBy by = WritebackBy::kPid) {
  WritebackConfig c;
  c.keyField = "TrackingKey";
  c.linkField = "RacemapLink";
  c.by = by;
  c.batchSize = 2;
  return c;
}

std::vector<WritebackCandidate> registrants() {
  return {{"1001", "12", "K84N2S", kLink1}, {"1002", "", "P3Q9ZZ", kLink2}};
}

// What a write of `row` as it is now stores.
WritebackRecord writtenAs(const WritebackCandidate& row, WritebackBy by = WritebackBy::kPid) {
  return {row.id,
          by,
          by == WritebackBy::kPid ? row.id : row.bib,
          "TrackingKey",
          row.key,
          "RacemapLink",
          row.link,
          WritebackOutcome::kWritten,
          "",
          "2026-01-01T00:00:00Z"};
}

std::map<std::string, WritebackRecord> allWritten() {
  std::map<std::string, WritebackRecord> written;
  for (const auto& row : registrants()) written[row.id] = writtenAs(row);
  return written;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(writeback_plan_test)

BOOST_AUTO_TEST_CASE(writes_key_and_link_of_everyone_never_written) {
  WritebackPlan plan = planWriteback(config(), registrants(), {});
  BOOST_REQUIRE(plan.writes.size() == 2u);
  BOOST_TEST(plan.registrants == 2);
  BOOST_TEST(plan.values() == 4);
  const ParticipantWrite& first = plan.writes[0];
  BOOST_TEST(first.participant == 1001);
  BOOST_REQUIRE(first.values.size() == 2u);
  BOOST_TEST(!first.values[0].byBib);
  BOOST_TEST(first.values[0].participant == 1001);
  BOOST_TEST(first.values[0].field == "TrackingKey");
  BOOST_TEST(first.values[0].value == "K84N2S");
  BOOST_TEST(first.values[1].field == "RacemapLink");
  BOOST_TEST(first.values[1].value == kLink1);
  BOOST_TEST(first.record.target == "1001");
  BOOST_TEST(first.record.link == kLink1);
  BOOST_TEST(!first.retry);
}

BOOST_AUTO_TEST_CASE(an_unchanged_rerun_writes_none) {
  WritebackPlan plan = planWriteback(config(), registrants(), allWritten());
  BOOST_TEST(plan.writes.empty());
  BOOST_TEST(plan.unchanged == 2);
  BOOST_TEST(describe(plan, config()).empty());
}

BOOST_AUTO_TEST_CASE(a_changed_bib_writes_only_that_link_by_pid) {
  auto rows = registrants();
  rows[0].bib = "13";
  rows[0].link = "https://racemap.app/redeem_key?key=K84N2S&startNumber=13&name=Anna";
  WritebackPlan plan = planWriteback(config(), rows, allWritten());
  BOOST_REQUIRE(plan.writes.size() == 1u);
  BOOST_REQUIRE(plan.writes[0].values.size() == 1u);
  BOOST_TEST(plan.writes[0].values[0].field == "RacemapLink");
  BOOST_TEST(plan.writes[0].values[0].value == rows[0].link);
  BOOST_TEST(plan.unchanged == 1);
}

BOOST_AUTO_TEST_CASE(a_changed_bib_writes_key_and_link_to_the_new_bib_by_bib) {
  std::map<std::string, WritebackRecord> written;
  written["1001"] = writtenAs(registrants()[0], WritebackBy::kBib);
  auto rows = registrants();
  rows[0].bib = "13";
  WritebackPlan plan = planWriteback(config(WritebackBy::kBib), rows, written);
  BOOST_REQUIRE(plan.writes.size() == 1u);
  BOOST_TEST(plan.writes[0].participant == 13);
  BOOST_TEST(plan.writes[0].values.size() == 2u);
  BOOST_TEST(plan.writes[0].values[0].byBib);
  BOOST_TEST(plan.withoutBib == 1, "1002 has no bib, so no participant to name");
}

BOOST_AUTO_TEST_CASE(a_changed_key_writes_the_key) {
  auto rows = registrants();
  rows[1].key = "Q7R8S9";
  rows[1].link = "https://racemap.app/redeem_key?key=Q7R8S9&name=Bernd";
  WritebackPlan plan = planWriteback(config(), rows, allWritten());
  BOOST_REQUIRE(plan.writes.size() == 1u);
  BOOST_TEST(plan.writes[0].participant == 1002);
  BOOST_TEST(plan.writes[0].values.size() == 2u);
  BOOST_TEST(plan.writes[0].record.key == "Q7R8S9");
}

BOOST_AUTO_TEST_CASE(a_key_taken_away_is_cleared_and_no_key_ever_is_left_alone) {
  auto rows = registrants();
  rows[0].key = "";
  rows[0].link = "";
  rows.push_back({"1003", "5", "", ""});
  WritebackPlan plan = planWriteback(config(), rows, allWritten());
  BOOST_REQUIRE(plan.writes.size() == 1u);
  BOOST_TEST(plan.writes[0].participant == 1001);
  BOOST_TEST(plan.writes[0].values[0].value == "");
  BOOST_TEST(plan.withoutKey == 1);
}

BOOST_AUTO_TEST_CASE(a_refused_write_is_tried_again_in_full) {
  auto written = allWritten();
  written["1002"].outcome = WritebackOutcome::kRefused;
  WritebackPlan plan = planWriteback(config(), registrants(), written);
  BOOST_REQUIRE(plan.writes.size() == 1u);
  BOOST_TEST(plan.writes[0].retry);
  BOOST_TEST(plan.writes[0].values.size() == 2u);
  BOOST_TEST(plan.retries() == 1);
}

BOOST_AUTO_TEST_CASE(a_renamed_field_writes_everyone_again) {
  WritebackConfig renamed = config();
  renamed.keyField = "Transponder";
  WritebackPlan plan = planWriteback(renamed, registrants(), allWritten());
  BOOST_REQUIRE(plan.writes.size() == 2u);
  BOOST_REQUIRE(plan.writes[0].values.size() == 1u);
  BOOST_TEST(plan.writes[0].values[0].field == "Transponder");
}

BOOST_AUTO_TEST_CASE(without_a_link_field_only_the_key_is_written) {
  WritebackConfig keyOnly = config();
  keyOnly.linkField = "";
  WritebackPlan plan = planWriteback(keyOnly, registrants(), {});
  BOOST_REQUIRE(plan.writes.size() == 2u);
  BOOST_TEST(plan.writes[0].values.size() == 1u);
  BOOST_TEST(plan.writes[0].record.link == "");
}

BOOST_AUTO_TEST_CASE(an_id_that_is_no_pid_is_a_problem_placed_by_its_id) {
  std::vector<WritebackCandidate> rows = {{"R-17", "7", "K84N2S", kLink1}};
  WritebackPlan plan = planWriteback(config(), rows, {});
  BOOST_TEST(plan.writes.empty());
  BOOST_REQUIRE(plan.problems.size() == 1u);
  BOOST_TEST(plan.problems[0].step == "raceresult");
  BOOST_TEST(plan.problems[0].code == "id_not_a_pid");
  BOOST_TEST(plan.problems[0].message ==
             "raceresult:ID R-17: registration id 'R-17' is not a RACE RESULT participant id (a "
             "whole number)");
  BOOST_TEST(plan.problems[0].hint == "write back by bib (raceresult.writeback.by = bib)");
}

BOOST_AUTO_TEST_CASE(the_dry_run_lists_every_write) {
  WritebackPlan plan = planWriteback(config(), registrants(), {});
  auto lines = describe(plan, config());
  BOOST_REQUIRE(lines.size() == 3u);
  BOOST_TEST(lines[0] == "write 4 values of 2 participants in 1 call (part/savevaluearray)");
  BOOST_TEST(lines[1] == "PID 1001: TrackingKey = K84N2S, RacemapLink = " + kLink1);
  BOOST_TEST(lines[2] == "PID 1002: TrackingKey = P3Q9ZZ, RacemapLink = " + kLink2);
}

BOOST_AUTO_TEST_CASE(reads_the_settings_and_refuses_pid_when_the_id_is_another_field) {
  Settings settings = Settings::fromString(
      "raceresult.writeback.key_field = TrackingKey\nraceresult.writeback.by = BIB\n"
      "raceresult.writeback.no_history = yes\nraceresult.writeback.batch_size = 50\n");
  WritebackConfig parsed = writebackConfig(settings);
  BOOST_TEST(parsed.enabled());
  BOOST_TEST((parsed.by == WritebackBy::kBib));
  BOOST_TEST(parsed.noHistory);
  BOOST_TEST(parsed.batchSize == 50);
  BOOST_TEST(parsed.perMinute == 60);
  BOOST_TEST(!writebackConfig(Settings::fromString("")).enabled());

  Settings remapped = Settings::fromString(
      "raceresult.writeback.key_field = TrackingKey\nraceresult.fields.id = Transponder1\n");
  std::string error = test::errorOf<ConfigurationError>([&] { writebackConfig(remapped); });
  BOOST_TEST(error.find("raceresult.writeback.by: pid names participants by RACE RESULT's ID, "
                        "but the registration id comes from 'Transponder1'") != std::string::npos,
             error);
}

BOOST_AUTO_TEST_SUITE_END()
