#include "core/import/registrant_importer.h"

#include <Poco/Data/SQLite/Utility.h>
#include <Poco/Data/Session.h>
#include <sqlite3.h>

#include <algorithm>
#include <boost/test/unit_test.hpp>

#include "core/base/errors.h"
#include "core/run/progress.h"
#include "core/store/state_store.h"

using Poco::Data::Keywords::into;
using Poco::Data::Keywords::now;
using Poco::Data::Keywords::use;
using racesync::Field;
using racesync::ImportSummary;
using racesync::RawRegistration;
using racesync::StateStore;

namespace {

// A source of rows given in the test, one "id|bib|name|email|race" string each.
class ListSource : public racesync::RegistrationSource {
 public:
  ListSource(std::vector<std::string> rows, bool complete = true) : rows_(std::move(rows)) {
    report_.name = "export.csv";
    report_.complete = complete;
  }
  bool next(RawRegistration& row) override {
    if (index_ >= rows_.size()) return false;
    std::vector<std::string> parts;
    std::string part;
    for (char c : rows_[index_] + "|") {
      if (c == '|') {
        parts.push_back(part);
        part.clear();
      } else {
        part += c;
      }
    }
    parts.resize(6);
    row = RawRegistration();
    row[Field::kId] = parts[0];
    row[Field::kBib] = parts[1];
    row[Field::kName] = parts[2];
    row[Field::kEmail] = parts[3];
    row[Field::kRace] = parts[4];
    row[Field::kBirthDate] = parts[5];
    row.source = "export.csv";
    row.idIsOrder = orders;
    row.line = static_cast<int>(index_) + 2;
    row.place = "export.csv:" + std::to_string(row.line);
    ++index_;
    ++report_.rows;
    return true;
  }
  const racesync::SourceReport& report() const override { return report_; }
  bool orders = false;  // the id column is an order number

 private:
  std::vector<std::string> rows_;
  std::size_t index_ = 0;
  racesync::SourceReport report_;
};

// A store that counts every write to registrants, so that "nothing changed" can be checked.
struct Fixture {
  Fixture() : store(":memory:") {
    store.session() << "CREATE TEMP TABLE writes (what TEXT)", now;
    store.session() << "CREATE TEMP TRIGGER count_updates AFTER UPDATE ON main.registrants "
                       "BEGIN INSERT INTO writes VALUES ('update'); END",
        now;
    store.session() << "CREATE TEMP TRIGGER count_inserts AFTER INSERT ON main.registrants "
                       "BEGIN INSERT INTO writes VALUES ('insert'); END",
        now;
  }

  ImportSummary import(std::vector<std::string> rows, bool complete = true, int run = 1) {
    ListSource source(std::move(rows), complete);
    source.orders = orders;
    racesync::RegistrationNormalizer normalizer({});
    racesync::SilentProgress progress;
    ImportSummary summary;
    store.transact([&] {
      racesync::RegistrantImporter importer(
          store, normalizer, run, "2026-11-2" + std::to_string(run) + "T00:00:00Z", options);
      importer.importFrom(source, progress);
      summary = importer.finish();
    });
    return summary;
  }

  int writes() {
    int n = 0;
    store.session() << "SELECT count(*) FROM writes", into(n), now;
    store.session() << "DELETE FROM writes", now;
    return n;
  }

  std::string column(const std::string& id, const std::string& name) {
    std::string value = "(none)";
    std::string key = id;
    store.session() << "SELECT " + name + " FROM registrants WHERE id = ?", use(key), into(value),
        now;
    return value;
  }

  int count(const std::string& where) {
    int n = 0;
    store.session() << "SELECT count(*) FROM registrants WHERE " + where, into(n), now;
    return n;
  }

  std::string importError(std::vector<std::string> rows, int run) {
    try {
      import(std::move(rows), true, run);
    } catch (const racesync::InputError& e) {
      return e.message();
    }
    return "no error";
  }

  StateStore store;
  racesync::ImporterOptions options;
  bool orders = false;
};

}  // namespace

BOOST_AUTO_TEST_SUITE(registrant_importer_test)

BOOST_AUTO_TEST_CASE(adds_new_registrants) {
  Fixture f;
  auto summary = f.import({"1|7|Ann Lee|ann@example.com|10K", "2||Bob Ray||Marathon"});
  BOOST_TEST(summary.read == 2);
  BOOST_TEST(summary.added == 2);
  BOOST_TEST(f.column("1", "bib") == "7");
  BOOST_TEST(f.column("1", "status") == "active");
  BOOST_TEST(f.column("2", "race") == "Marathon");
  BOOST_TEST(f.column("2", "first_run") == "1");
}

BOOST_AUTO_TEST_CASE(changes_nothing_when_the_export_is_unchanged) {
  Fixture f;
  std::vector<std::string> rows = {"1|7|Ann Lee|ann@example.com|10K", "2||Bob Ray||Marathon"};
  f.import(rows);
  BOOST_TEST(f.writes() == 2);
  auto again = f.import(rows, true, 2);
  BOOST_TEST(again.unchanged == 2);
  BOOST_TEST(again.added + again.updated + again.withdrawn == 0);
  BOOST_TEST(f.writes() == 0);
  BOOST_TEST(f.column("1", "updated_at") == "2026-11-21T00:00:00Z");
}

// Counts the statements SQLite starts that read or write the registrants table by id.
int countRegistrantLookups(unsigned, void* context, void* statement, void*) {
  const char* sql = sqlite3_sql(static_cast<sqlite3_stmt*>(statement));
  if (sql && std::string(sql).find("registrants WHERE id = ?") != std::string::npos) {
    ++*static_cast<int*>(context);
  }
  return 0;
}

BOOST_AUTO_TEST_CASE(skips_unchanged_rows_by_hash_without_sql_or_writes) {
  Fixture f;
  std::vector<std::string> rows = {"1|7|Ann Lee|ann@example.com|10K", "2||Bob Ray||Marathon",
                                   "3|9|||10K"};  // the last one a problem (no name)
  auto first = f.import(rows);
  BOOST_TEST(first.changedIds.size() == 2u);
  f.writes();
  std::string problemRun;
  f.store.session() << "SELECT min(run_id) || '/' || count(*) FROM problems", into(problemRun), now;

  int lookups = 0;
  sqlite3* db = Poco::Data::SQLite::Utility::dbHandle(f.store.session());
  sqlite3_trace_v2(db, SQLITE_TRACE_STMT, countRegistrantLookups, &lookups);
  auto again = f.import(rows, true, 2);
  sqlite3_trace_v2(db, 0, nullptr, nullptr);

  BOOST_TEST(again.unchanged == 2);
  BOOST_TEST(again.changedIds.empty());
  BOOST_TEST(lookups == 0);     // neither a SELECT nor an UPDATE by id
  BOOST_TEST(f.writes() == 0);  // the registrants table is as it was
  std::string problemRunAgain;
  f.store.session() << "SELECT min(run_id) || '/' || count(*) FROM problems", into(problemRunAgain),
      now;
  BOOST_TEST(problemRunAgain == problemRun);  // the same problem, not written again
  BOOST_TEST(problemRun == "1/1");
}

BOOST_AUTO_TEST_CASE(emits_the_added_changed_and_withdrawn_ids) {
  Fixture f;
  f.import({"1|7|Ann Lee|ann@example.com|10K", "2||Bob Ray||Marathon", "3||Cy Fox||10K",
            "4||Di Ma||10K", "5||Ed No||10K", "6||Flo Oh||10K"});
  auto summary = f.import({"1|8|Ann Lee|ann@example.com|10K", "2||Bob Ray||Marathon",
                           "3||Cy Fox||10K", "4||Di Ma||10K", "5||Ed No||10K", "7||Gus Po||10K"},
                          true, 2);
  std::vector<std::string> ids = summary.changedIds;
  std::sort(ids.begin(), ids.end());
  BOOST_TEST(ids == (std::vector<std::string>{"1", "6", "7"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(updates_a_changed_row_under_the_same_id) {
  Fixture f;
  f.import({"1|7|Ann Lee|ann@example.com|10K"});
  f.writes();
  auto summary = f.import({"1|8|Ann Lee-Smith|ann@example.com|Half Marathon"}, true, 2);
  BOOST_TEST(summary.updated == 1);
  BOOST_TEST(f.writes() == 1);
  BOOST_TEST(f.column("1", "bib") == "8");
  BOOST_TEST(f.column("1", "name") == "Ann Lee-Smith");
  BOOST_TEST(f.column("1", "race") == "Half Marathon");
  BOOST_TEST(f.column("1", "last_run") == "2");
}

BOOST_AUTO_TEST_CASE(keeps_a_derived_id_when_only_the_bib_changes) {
  Fixture f;
  f.import({"|7|Ann Lee|ann@example.com|10K|1990-01-02"});
  auto summary = f.import({"|9|Ann Lee|ann@example.com|10K|02.01.1990"}, true, 2);
  BOOST_TEST(summary.updated == 1);
  BOOST_TEST(summary.added == 0);
  int rows = 0;
  f.store.session() << "SELECT count(*) FROM registrants", into(rows), now;
  BOOST_TEST(rows == 1);
}

BOOST_AUTO_TEST_CASE(marks_a_missing_registrant_withdrawn_and_active_again_when_back) {
  Fixture f;
  f.options.maxWithdrawPercent = 100;  // one of two is past the shrink guard's 20 %
  f.import({"1|7|Ann Lee||10K", "2|8|Bob Ray||10K"});
  auto without = f.import({"1|7|Ann Lee||10K"}, true, 2);
  BOOST_TEST(without.withdrawn == 1);
  BOOST_TEST(f.column("2", "status") == "withdrawn");
  BOOST_TEST(f.column("2", "name") == "Bob Ray");  // never deleted
  BOOST_REQUIRE(without.withdrawnExamples.size() == 1u);
  BOOST_TEST(without.withdrawnExamples[0] == "Bob Ray (last seen at export.csv:3)");
  auto back = f.import({"1|7|Ann Lee||10K", "2|8|Bob Ray||10K"}, true, 3);
  BOOST_TEST(back.updated == 1);
  BOOST_TEST(back.returned == 1);
  BOOST_TEST(back.withdrawn == 0);
  BOOST_TEST(f.column("2", "status") == "active");
}

BOOST_AUTO_TEST_CASE(marks_nobody_withdrawn_after_an_incomplete_or_empty_read) {
  Fixture f;
  f.import({"1|7|Ann Lee||10K", "2|8|Bob Ray||10K"});
  auto incomplete = f.import({"1|7|Ann Lee||10K"}, false, 2);
  BOOST_TEST(incomplete.withdrawn == 0);
  BOOST_TEST(!incomplete.withdrawalsChecked);
  BOOST_TEST(f.column("2", "status") == "active");
}

// Finding 6 of issue 13: a header-only export withdrew everyone in it, silently.
BOOST_AUTO_TEST_CASE(a_header_only_export_withdrew_everyone_silently) {
  Fixture f;
  f.import({"1|7|Ann Lee||10K", "2|8|Bob Ray||10K"});
  BOOST_TEST(f.importError({}, 2) ==
             "export.csv: the file has no registrations, but 2 active registrants came from it "
             "last time: nothing was changed; export the registrations again (an export with a "
             "header alone would withdraw them all), or, if they all withdrew, run once with "
             "--allow-shrink");
  BOOST_TEST(f.count("status = 'active'") == 2);
  // --allow-shrink: they really all withdrew.
  f.options.allowShrink = true;
  BOOST_TEST(f.import({}, true, 3).withdrawn == 2);
  BOOST_TEST(f.count("status = 'active'") == 0);
  // A new event's first import of an empty export is no loss.
  Fixture fresh;
  auto empty = fresh.import({}, true, 1);
  BOOST_TEST(empty.withdrawn == 0);
  BOOST_REQUIRE(empty.warnings.size() == 1u);
  BOOST_TEST(empty.warnings[0] == "no registrations were read: nobody is marked as withdrawn");
}

// Finding 6 of issue 13: an export cut short withdrew most registrants without a word.
BOOST_AUTO_TEST_CASE(
    an_export_that_would_withdraw_most_registrants_stops_before_changing_anything) {
  Fixture f;
  f.import({"1|1|Ann Lee||10K", "2|2|Bob Ray||10K", "3|3|Cy Day||10K", "4|4|Di Fox||10K"});
  BOOST_TEST(f.importError({"1|1|Ann Lee||10K", "5|5|Ed Poe||10K"}, 2) ==
             "export.csv: this import would withdraw 3 of 4 registrants (75 %), more than "
             "registrations.max_withdraw_percent (20 %): nothing was changed; check that the "
             "export is complete, or, if they really withdrew, run once with --allow-shrink");
  BOOST_TEST(f.count("status = 'active'") == 4);
  BOOST_TEST(f.count("id = '5'") == 0);
  f.options.maxWithdrawPercent = 100;
  auto allowed = f.import({"1|1|Ann Lee||10K"}, true, 3);
  BOOST_TEST(allowed.withdrawn == 3);
}

// The issue asks for 20 %: one of five withdrawn passes, two of five stop the import.
BOOST_AUTO_TEST_CASE(the_shrink_guard_stops_above_twenty_percent_by_default) {
  BOOST_TEST(racesync::ImporterOptions().maxWithdrawPercent == 20);
  Fixture f;
  f.import({"1|1|A A||10K", "2|2|B B||10K", "3|3|C C||10K", "4|4|D D||10K", "5|5|E E||10K"});
  auto one = f.import({"1|1|A A||10K", "2|2|B B||10K", "3|3|C C||10K", "4|4|D D||10K"}, true, 2);
  BOOST_TEST(one.withdrawn == 1);
  BOOST_TEST(f.importError({"1|1|A A||10K", "2|2|B B||10K"}, 3)
                 .find("export.csv: this import would withdraw 2 of 4 registrants (50 %)") == 0);
  BOOST_TEST(f.count("status = 'active'") == 4);
}

// --allow-shrink lets one run withdraw past the guard.
BOOST_AUTO_TEST_CASE(allow_shrink_withdraws_past_the_guard) {
  Fixture f;
  f.import({"1|1|Ann Lee||10K", "2|2|Bob Ray||10K", "3|3|Cy Day||10K"});
  f.options.allowShrink = true;
  auto shrunk = f.import({"1|1|Ann Lee||10K"}, true, 2);
  BOOST_TEST(shrunk.withdrawn == 2);
  BOOST_TEST(f.count("status = 'withdrawn'") == 2);
}

// Finding 2 of issue 13: without an id column, a corrected name made a second registrant.
BOOST_AUTO_TEST_CASE(fixing_a_typo_without_an_id_column_made_a_new_registrant) {
  Fixture f;
  f.import({"|7|Ana Muster|anna@example.com|10K|1990-01-02",
            "||Bob Ray|bob@example.com|10K|1985-05-05", "||Cy Day|cy@example.com|10K|1980-01-01"});
  std::string annaId, bobId;
  f.store.session() << "SELECT id FROM registrants WHERE bib = '7'", into(annaId), now;
  f.store.session() << "SELECT id FROM registrants WHERE name = 'Bob Ray'", into(bobId), now;
  // Anna's name corrected (same bib); Bob's name corrected (no bib: same email and birth date).
  auto summary = f.import(
      {"|7|Anna Muster|anna@example.com|10K|1990-01-02", "||Bob Roy|BOB@example.com|10K|1985-05-05",
       "||Cy Day|cy@example.com|10K|1980-01-01"},
      true, 2);
  BOOST_TEST(summary.added == 0);
  BOOST_TEST(summary.updated == 2);
  BOOST_TEST(summary.matched == 2);
  BOOST_TEST(summary.withdrawn == 0);
  BOOST_TEST(f.count("1 = 1") == 3);
  BOOST_TEST(f.column(annaId, "name") == "Anna Muster");
  BOOST_TEST(f.column(annaId, "status") == "active");
  BOOST_TEST(f.column(bobId, "name") == "Bob Roy");
  BOOST_REQUIRE(summary.matchedExamples.size() == 2u);
  std::string anna =
      "matched as the same registrant: 'Ana Muster' is now 'Anna Muster' "
      "(export.csv:2), id " +
      annaId + " kept; first_name 'Ana' -> 'Anna', name 'Ana Muster' -> 'Anna Muster'";
  BOOST_TEST((summary.matchedExamples[0] == anna || summary.matchedExamples[1] == anna),
             summary.matchedExamples[0] + " | " + summary.matchedExamples[1]);
  std::string bob =
      summary.matchedExamples[0] == anna ? summary.matchedExamples[1] : summary.matchedExamples[0];
  BOOST_TEST(bob.find("last_name 'Ray' -> 'Roy', name 'Bob Ray' -> 'Bob Roy'") != std::string::npos,
             bob);
  // The next run of the corrected export is unchanged.
  auto again = f.import(
      {"|7|Anna Muster|anna@example.com|10K|1990-01-02", "||Bob Roy|BOB@example.com|10K|1985-05-05",
       "||Cy Day|cy@example.com|10K|1980-01-01"},
      true, 3);
  BOOST_TEST(again.unchanged == 3);
}

// Issue 13: a match is reported with the old and the new value of everything that changed.
BOOST_AUTO_TEST_CASE(a_match_reports_the_old_and_new_values) {
  Fixture f;
  f.import({"|7|Ana Muster|ana@example.com|10K|1990-01-02", "||Bob Ray|bob@example.com|10K|"});
  auto summary =
      f.import({"|7|Anna Muster|anna@example.com|21K|1990-01-02", "||Bob Ray|bob@example.com|10K|"},
               true, 2);
  BOOST_REQUIRE(summary.matchedExamples.size() == 1u);
  const std::string& text = summary.matchedExamples[0];
  BOOST_TEST(text.find("matched as the same registrant: 'Ana Muster' is now 'Anna Muster' "
                       "(export.csv:2)") == 0,
             text);
  BOOST_TEST(text.find("; first_name 'Ana' -> 'Anna', name 'Ana Muster' -> 'Anna Muster', "
                       "email 'ana@example.com' -> "
                       "'anna@example.com', race '10K' -> '21K'") != std::string::npos,
             text);
}

BOOST_AUTO_TEST_CASE(twins_sharing_an_email_and_birth_date_are_not_merged) {
  Fixture f;
  f.options.maxWithdrawPercent = 100;
  f.import({"||Ann Lee|fam@example.com|10K|2010-01-01", "||Max Lee|fam@example.com|10K|2010-01-01",
            "||Cy Day||10K|"});
  // Both twins renamed at once: two candidates each, nobody is guessed.
  auto summary = f.import({"||Anne Lee|fam@example.com|10K|2010-01-01",
                           "||Maxi Lee|fam@example.com|10K|2010-01-01", "||Cy Day||10K|"},
                          true, 2);
  BOOST_TEST(summary.matched == 0);
  BOOST_TEST(summary.added == 2);
}

// Finding 4 of issue 13: an order's merchandise rows were duplicate ids, and once the race row
// was dropped while the T-shirt row was kept.
BOOST_AUTO_TEST_CASE(merchandise_rows_of_an_order_were_duplicates_and_replaced_the_race_row) {
  Fixture f;
  auto summary = f.import({"100|1|Ann Lee|ann@example.com|", "100|1|Ann Lee|ann@example.com|10K",
                           "100|1|Ann Lee|ann@example.com|", "200|2|Bob Ray||Marathon"});
  BOOST_TEST(summary.problems.empty());
  BOOST_TEST(summary.skipped == 1);
  BOOST_TEST(f.column("100", "race") == "10K");
  BOOST_TEST(f.count("1 = 1") == 2);
}

// Finding 4 of issue 13: a family sharing one order id lost all but one member.
BOOST_AUTO_TEST_CASE(a_family_sharing_an_order_id_lost_all_but_one_member) {
  Fixture f;
  f.orders = true;
  auto summary = f.import({"300||Ann Lee|fam@example.com|10K", "300||Max Lee|fam@example.com|5K",
                           "300||Max Lee|fam@example.com|5K"});
  BOOST_TEST(summary.added == 2);
  BOOST_TEST(f.count("name = 'Max Lee'") == 1);
  BOOST_TEST(f.count("id LIKE '300-%'") == 1);
  BOOST_REQUIRE(summary.problems.size() == 1u);  // Max's repeated row is still a duplicate
  BOOST_TEST(summary.problems[0].code == "duplicate_id");
}

BOOST_AUTO_TEST_CASE(reports_a_duplicate_id_with_both_lines_and_skips_the_later_row) {
  Fixture f;
  auto summary = f.import({"1|7|Ann Lee||10K", "2|8|Bob Ray||10K", "1|9|Ann Other||10K"});
  BOOST_TEST(summary.added == 2);
  BOOST_REQUIRE(summary.problems.size() == 1u);
  BOOST_TEST(summary.problems[0].code == "duplicate_id");
  BOOST_TEST(summary.problems[0].message ==
             "export.csv:4: registration id '1' is also on line 2: this later row is not "
             "imported");
  BOOST_TEST(f.column("1", "name") == "Ann Lee");
}

BOOST_AUTO_TEST_CASE(reports_two_people_on_one_bib_and_imports_both) {
  Fixture f;
  auto summary = f.import({"1|42|Ann Lee||10K", "2|42|Bob Ray||10K", "3|042|Cy Day||10K"});
  BOOST_TEST(summary.added == 3);
  BOOST_REQUIRE(summary.problems.size() == 1u);
  BOOST_TEST(summary.problems[0].code == "duplicate_bib");
  BOOST_TEST(summary.problems[0].message ==
             "export.csv:3: bib '42' is also given to Ann Lee (line 2)");
}

BOOST_AUTO_TEST_CASE(a_bad_row_later_never_damages_what_was_stored) {
  Fixture f;
  f.import(
      {"1|7|Ann Lee|ann@example.com|10K|1990-01-02", "2|8|Bob Ray|bob@example.com|10K|1985-05-05"});
  f.writes();
  // Ann's row lost its name; Bob's has a broken date and address: Ann stays as she was (and
  // active), Bob keeps his stored email and date while the rest updates.
  auto summary =
      f.import({"1|7|||10K|1990-01-02", "2|9|Bob Ray|bob(at)example.com|10K|31.02.1990"}, true, 2);
  BOOST_TEST(summary.withdrawn == 0);
  BOOST_TEST(f.column("1", "name") == "Ann Lee");
  BOOST_TEST(f.column("1", "email") == "ann@example.com");
  BOOST_TEST(f.column("1", "status") == "active");
  BOOST_TEST(f.column("2", "bib") == "9");
  BOOST_TEST(f.column("2", "birth_date") == "1985-05-05");
  BOOST_TEST(f.column("2", "email") == "bob@example.com");
  BOOST_TEST(summary.problems.size() == 3u);
  f.writes();
  auto again =
      f.import({"1|7|||10K|1990-01-02", "2|9|Bob Ray|bob(at)example.com|10K|31.02.1990"}, true, 3);
  BOOST_TEST(again.unchanged == 1);
  BOOST_TEST(f.writes() == 0);
}

BOOST_AUTO_TEST_CASE(stores_the_problems_of_the_import) {
  Fixture f;
  f.import({"1|7|||10K", "2|8|Bob Ray||10K"});
  auto problems = racesync::loadProblems(f.store);
  BOOST_REQUIRE(problems.size() == 1u);
  BOOST_TEST(problems[0].code == "missing_name");
  BOOST_TEST(problems[0].source == "export.csv");
  BOOST_TEST(problems[0].line == 2);
  f.import({"2|8|Bob Ray||10K"}, true, 2);
  BOOST_TEST(racesync::loadProblems(f.store).empty());
}

BOOST_AUTO_TEST_CASE(stores_every_problem_of_a_long_export_but_keeps_only_the_first_in_memory) {
  Fixture f;
  std::vector<std::string> rows;
  for (int i = 0; i < 1203; ++i) rows.push_back(std::to_string(i) + "|||x@example|10K");
  auto summary = f.import(rows);
  BOOST_TEST(summary.problemCount == 1203);
  BOOST_TEST(summary.problems.size() == 100u);
  BOOST_TEST(racesync::loadProblems(f.store).size() == 1203u);
}

BOOST_AUTO_TEST_SUITE_END()
