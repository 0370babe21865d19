// planRaceRangerPush and describe: plain values in, a plan out; no store, no transport.
#include "core/raceranger/raceranger_plan.h"

#include <boost/test/unit_test.hpp>

#include "core/base/errors.h"

using namespace racesync;

namespace {

struct Fixture {
  std::vector<RaceMapping> mapping = {{"Marathon", "race_m"}, {"Half Marathon", "race_h"}};
  std::vector<RaceRangerRace> listing = {{"race_h", "Half Marathon", "scheduled"},
                                         {"race_m", "Marathon", "scheduled"},
                                         {"race_x", "Kids", "scheduled"}};
  std::vector<AthleteCandidate> registrants;
  std::map<std::string, AthleteRecord> pushed;

  AthleteCandidate& add(const std::string& id, const std::string& bib, const std::string& race) {
    AthleteCandidate c;
    c.id = id;
    c.bib = bib;
    c.firstName = "Anna";
    c.lastName = "Schmidt " + id;
    c.race = race;
    c.source = "/data/registrations.csv";
    c.line = static_cast<int>(registrants.size()) + 2;
    registrants.push_back(c);
    return registrants.back();
  }

  // Records `id` as pushed to `raceId` as it is now, with `outcome`.
  void pushedAsNow(const std::string& id, const std::string& raceId, AthleteOutcome outcome,
                   const std::string& code = "", const std::string& message = "") {
    for (const auto& c : registrants) {
      if (c.id != id) continue;
      pushed[id] = {id, raceId, athleteHash(raceId, athleteFor(c)), outcome, code, message, "t"};
    }
  }

  RaceRangerPlan plan() {
    return planRaceRangerPush("evt_1", mapping, listing, registrants, pushed);
  }
};

const RacePlan& race(const RaceRangerPlan& plan, const std::string& id) {
  for (const auto& r : plan.races) {
    if (r.id == id) return r;
  }
  BOOST_FAIL("no race " + id);
  return plan.races.front();
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(raceranger_plan_test, Fixture)

BOOST_AUTO_TEST_CASE(new_athletes_are_created_in_the_mapped_races_in_listing_order) {
  add("R1", "1", "Marathon");
  add("R2", "2", "Half Marathon");
  add("R3", " 3 ", "Marathon");
  RaceRangerPlan p = plan();
  BOOST_REQUIRE(p.races.size() == 2u);  // race_x is not mapped
  BOOST_TEST(p.races[0].id == "race_h");
  BOOST_TEST(p.races[1].id == "race_m");
  BOOST_TEST(p.races[1].name == "Marathon");
  BOOST_REQUIRE(p.races[1].pushes.size() == 2u);
  BOOST_TEST(p.races[1].pushes[0].registrant.id == "R1");
  BOOST_TEST(p.races[1].pushes[1].athlete.number == "3");
  BOOST_TEST(p.races[1].pushes[0].hash == athleteHash("race_m", athleteFor(registrants[0])));
  BOOST_TEST(!p.races[1].pushes[0].update);
  BOOST_TEST(p.registrants == 3);
  BOOST_TEST(p.pushes() == 3);
  BOOST_TEST(p.problems.empty());
}

BOOST_AUTO_TEST_CASE(an_unchanged_athlete_stays_and_a_changed_one_is_an_update) {
  add("R1", "1", "Marathon");
  add("R2", "2", "Marathon");
  pushedAsNow("R1", "race_m", AthleteOutcome::kCreated);
  pushedAsNow("R2", "race_m", AthleteOutcome::kUpdated);
  registrants[1].lastName = "Changed";
  RaceRangerPlan p = plan();
  BOOST_TEST(p.unchanged == 1);
  const RacePlan& m = race(p, "race_m");
  BOOST_REQUIRE(m.pushes.size() == 1u);
  BOOST_TEST(m.pushes[0].registrant.id == "R2");
  BOOST_TEST(m.pushes[0].update);
  BOOST_TEST(m.creates() == 0);
  BOOST_TEST(m.updates() == 1);
}

BOOST_AUTO_TEST_CASE(an_athlete_moved_to_another_race_is_created_there) {
  add("R1", "1", "Half Marathon");
  pushed["R1"] = {"R1", "race_m", "old", AthleteOutcome::kCreated, "", "", "t"};
  RaceRangerPlan p = plan();
  const RacePlan& h = race(p, "race_h");
  BOOST_REQUIRE(h.pushes.size() == 1u);
  BOOST_TEST(!h.pushes[0].update);
  BOOST_TEST(p.unchanged == 0);
}

BOOST_AUTO_TEST_CASE(a_rejected_athlete_stays_a_problem_until_it_changes) {
  add("R1", "7", "Marathon");
  pushedAsNow("R1", "race_m", AthleteOutcome::kRejected, "duplicate_number",
              "number 7 is taken by athlete R0");
  RaceRangerPlan p = plan();
  BOOST_TEST(p.rejected == 1);
  BOOST_TEST(p.pushes() == 0);
  BOOST_REQUIRE(p.problems.size() == 1u);
  BOOST_TEST(p.problems[0].step == "raceranger");
  BOOST_TEST(p.problems[0].source == "registrations.csv");
  BOOST_TEST(p.problems[0].line == 2);
  BOOST_TEST(p.problems[0].registrationId == "R1");
  BOOST_TEST(p.problems[0].code == "duplicate_number");
  BOOST_TEST(p.problems[0].message ==
             "registrations.csv:2: RaceRanger rejected athlete 7: duplicate_number: number 7 is "
             "taken by athlete R0");
  BOOST_TEST(p.problems[0].hint == "fix the registration and run again");

  registrants[0].bib = "8";  // changed: pushed again, as a new athlete
  p = plan();
  BOOST_TEST(p.rejected == 0);
  BOOST_REQUIRE(race(p, "race_m").pushes.size() == 1u);
  BOOST_TEST(!race(p, "race_m").pushes[0].update);
  BOOST_TEST(p.problems.empty());
}

BOOST_AUTO_TEST_CASE(race_names_match_loosely_and_an_unmapped_race_is_a_problem) {
  add("R1", "1", " marathon ");
  add("R2", "2", "Sprint");
  AthleteCandidate& none = add("R3", "3", "");
  none.source = "";
  none.line = 0;
  RaceRangerPlan p = plan();
  BOOST_TEST(race(p, "race_m").pushes.size() == 1u);
  BOOST_TEST(p.unmapped == 2);
  BOOST_REQUIRE(p.problems.size() == 2u);
  BOOST_TEST(p.problems[0].code == "unmapped_race");
  BOOST_TEST(p.problems[0].message == "registrations.csv:3: race 'Sprint' has no RaceRanger race");
  BOOST_TEST(p.problems[0].hint == "add raceranger.races.Sprint = <race id> to the configuration");
  BOOST_TEST(p.problems[1].message ==
             "registration R3: no race given, so no RaceRanger race to push to");
  BOOST_TEST(p.problems[1].hint == "add raceranger.races.<race> = <race id> to the configuration");
}

BOOST_AUTO_TEST_CASE(without_a_bib_nothing_is_pushed_and_it_is_counted) {
  add("R1", "", "Marathon");
  add("R2", "  ", "Half Marathon");
  add("R3", "", "Sprint");  // unmapped first
  RaceRangerPlan p = plan();
  BOOST_TEST(p.withoutBib == 2);
  BOOST_TEST(p.unmapped == 1);
  BOOST_TEST(p.pushes() == 0);
}

BOOST_AUTO_TEST_CASE(a_started_race_holds_its_athletes_back_and_is_skipped) {
  listing[0].status = "active";
  add("R1", "1", "Half Marathon");
  add("R2", "2", "Half Marathon");
  add("R3", "", "Half Marathon");
  add("R4", "4", "Marathon");
  RaceRangerPlan p = plan();
  const RacePlan& h = race(p, "race_h");
  BOOST_TEST(h.started);
  BOOST_TEST((h.status == RaceStatus::kActive));
  BOOST_TEST(h.notPushed == 2);
  BOOST_TEST(h.pushes.empty());
  BOOST_TEST(p.notPushed() == 2);
  BOOST_TEST(p.withoutBib == 1);
  std::vector<std::string> notes = startedNotes(p);
  BOOST_REQUIRE(notes.size() == 1u);
  BOOST_TEST(notes[0] == "race 'Half Marathon' (race_h) is active: 2 athletes not pushed");
  std::vector<std::string> lines = describe(p);
  BOOST_REQUIRE(lines.size() == 2u);
  BOOST_TEST(lines[0] == "skip race 'Half Marathon' (race_h): it is active");
  BOOST_TEST(lines[1] == "create 1 and update 0 athletes in race 'Marathon' (race_m)");
}

BOOST_AUTO_TEST_CASE(an_ended_race_is_started_and_an_unknown_status_counts_as_scheduled) {
  listing[0].status = "ended";
  listing[1].status = "paused";
  add("R1", "1", "Half Marathon");
  add("R2", "2", "Marathon");
  RaceRangerPlan p = plan();
  BOOST_TEST(race(p, "race_h").started);
  BOOST_TEST(!race(p, "race_m").started);
  BOOST_TEST((race(p, "race_m").status == RaceStatus::kScheduled));
  BOOST_TEST(race(p, "race_m").pushes.size() == 1u);
}

BOOST_AUTO_TEST_CASE(describe_prints_a_line_per_race_with_athletes_to_push) {
  add("R1", "1", "Marathon");
  add("R2", "2", "Marathon");
  add("R3", "3", "Half Marathon");
  pushedAsNow("R1", "race_m", AthleteOutcome::kCreated);
  pushedAsNow("R3", "race_h", AthleteOutcome::kCreated);
  registrants[0].team = "New Club";
  std::vector<std::string> lines = describe(plan());
  BOOST_REQUIRE(lines.size() == 1u);  // nothing for the half marathon
  BOOST_TEST(lines[0] == "create 1 and update 1 athletes in race 'Marathon' (race_m)");
}

BOOST_AUTO_TEST_CASE(two_names_of_one_race_plan_it_once) {
  mapping.push_back({"Marathon (42 km)", "race_m"});
  add("R1", "1", "Marathon");
  add("R2", "2", "marathon (42 km)");
  RaceRangerPlan p = plan();
  BOOST_TEST(p.races.size() == 2u);
  BOOST_TEST(race(p, "race_m").pushes.size() == 2u);
}

BOOST_AUTO_TEST_CASE(without_a_mapping_it_is_a_configuration_error_listing_the_races) {
  mapping.clear();
  BOOST_CHECK_EXCEPTION(plan(), ConfigurationError, [](const ConfigurationError& e) {
    return e.message() ==
           "raceranger.races: no race of the registrations is mapped to a RaceRanger race: add "
           "one line per race, raceranger.races.<race name as in the registrations> = <race id>; "
           "event evt_1 has race_h 'Half Marathon' (scheduled), race_m 'Marathon' (scheduled), "
           "race_x 'Kids' (scheduled)";
  });
  listing.clear();
  BOOST_CHECK_EXCEPTION(plan(), ConfigurationError, [](const ConfigurationError& e) {
    return e.message().find("event evt_1 has no races yet") != std::string::npos;
  });
}

// Issue 12: racesync trusted its own records, so a change RaceRanger never took (a replayed
// answer) was counted as pushed and never sent again.
BOOST_AUTO_TEST_CASE(what_raceranger_holds_decides_between_unchanged_update_and_create) {
  add("R1", "41", "Marathon");
  add("R2", "42", "Marathon");
  add("R3", "43", "Marathon");
  for (const char* id : {"R1", "R2", "R3"}) pushedAsNow(id, "race_m", AthleteOutcome::kUpdated);
  RemoteAthletes remote;
  remote.known = {"R1", "R2", "R3"};
  RaceRangerAthleteFields stale = athleteFor(registrants[0]);
  stale.number = "141";                                           // RaceRanger kept the older bib
  remote.byRace["race_m"] = {stale, athleteFor(registrants[1])};  // R3 is missing
  remote.byRace["race_h"] = {};
  RaceRangerPlan p = planRaceRangerPush("evt_1", mapping, listing, registrants, pushed, &remote);
  const RacePlan& m = race(p, "race_m");
  BOOST_REQUIRE(m.pushes.size() == 2u);
  BOOST_TEST(m.pushes[0].registrant.id == "R1");
  BOOST_TEST(m.pushes[0].update);
  BOOST_TEST(m.pushes[1].registrant.id == "R3");
  BOOST_TEST(!m.pushes[1].update);
  BOOST_TEST(p.unchanged == 1);
  BOOST_TEST(m.held == 2);
  BOOST_TEST(race(p, "race_h").held == 0);
}

BOOST_AUTO_TEST_CASE(athletes_of_ours_withdrawn_or_moved_are_removed_and_strangers_left_alone) {
  add("R2", "42", "Half Marathon");  // moved from the Marathon
  add("R4", "", "Half Marathon");    // no bib now: left where it is, in its own race
  RaceRangerAthleteFields withdrawn{"R1", "41", "Anna", "Weg", "", "", "", ""};
  RaceRangerAthleteFields moved = athleteFor(registrants[0]);
  RaceRangerAthleteFields stranger{"walk-in", "999", "Walk", "In", "", "", "", ""};
  RaceRangerAthleteFields noBib{"R4", "44", "Anna", "Schmidt R4", "", "", "", ""};
  RemoteAthletes remote;
  remote.known = {"R1", "R2", "R4"};
  remote.byRace["race_m"] = {withdrawn, moved, stranger};
  remote.byRace["race_h"] = {noBib};
  RaceRangerPlan p = planRaceRangerPush("evt_1", mapping, listing, registrants, pushed, &remote);
  const RacePlan& m = race(p, "race_m");
  BOOST_REQUIRE(m.removals.size() == 2u);
  BOOST_TEST(m.removals[0].registrationId == "R1");
  BOOST_TEST(m.removals[0].reason == "withdrawn");
  BOOST_TEST(m.removals[1].registrationId == "R2");
  BOOST_TEST(m.removals[1].reason == "moved to race 'Half Marathon' (race_h)");
  BOOST_TEST(race(p, "race_h").pushes.size() == 1u);
  BOOST_TEST(race(p, "race_h").removals.empty());
  BOOST_TEST(p.removals() == 2);
  std::vector<std::string> lines = describe(p);
  BOOST_TEST(lines[1] == "remove athlete R1 (number 41) from race 'Marathon' (race_m): withdrawn");
}

BOOST_AUTO_TEST_CASE(a_mapped_race_missing_from_the_listing_is_a_configuration_error) {
  mapping.push_back({"Ultra", "race_nope"});
  BOOST_CHECK_EXCEPTION(plan(), ConfigurationError, [](const ConfigurationError& e) {
    return e.message().rfind(
               "raceranger.races.Ultra: 'race_nope' is not a race of event evt_1: choose one of "
               "race_h 'Half Marathon' (scheduled)",
               0) == 0;
  });
  listing.clear();
  BOOST_CHECK_EXCEPTION(plan(), ConfigurationError, [](const ConfigurationError& e) {
    return e.message() ==
           "raceranger.races.Marathon: 'race_m' is not a race of event evt_1: choose one of none "
           "(the event has no races)";
  });
}

BOOST_AUTO_TEST_SUITE_END()
