// The keys step's pure plan: state in, plan out, no store and no RACEMAP.
#include "core/racemap/key_plan.h"

#include <boost/test/unit_test.hpp>

using namespace racesync;

namespace {

KeyRecord stored(const std::string& key, KeyState state, const std::string& holder = "",
                 const std::string& releasedFrom = "") {
  return KeyRecord{key, state, holder, releasedFrom};
}

RacemapStarterView starter(const std::string& key, const std::string& importId, bool used = false) {
  RacemapStarterView s;
  s.name = "Walk-in";
  s.key = key;
  s.importId = importId;
  s.keyUsed = used;
  return s;
}

KeysInput input(std::vector<KeyRecord> keys, std::vector<std::string> listed,
                std::vector<std::string> active, std::vector<RacemapStarterView> starters = {}) {
  KeysInput in;
  in.eventId = "evt";
  in.stored = std::move(keys);
  in.starters = std::move(starters);
  in.texts = listed;
  in.listing = listingOf(listed, in.starters);
  in.holders = holdersOf(in.starters);
  in.activeInOrder = std::move(active);
  return in;
}

KeyState stateOf(const KeyBook& book, const std::string& key) { return book.find(key)->state; }

}  // namespace

BOOST_AUTO_TEST_SUITE(key_plan_test)

BOOST_AUTO_TEST_CASE(normalises_the_listing_and_adds_keys_only_starters_hold) {
  KeyListing listing = listingOf({"aaaaa1", "AAAAA1", "BAD!", "AAAAA2"}, {starter("ccccc3", "")});
  BOOST_TEST(listing.listed == 4);
  BOOST_TEST((listing.keys == std::vector<std::string>{"AAAAA1", "AAAAA2", "CCCCC3"}));
  BOOST_TEST((listing.malformed == std::vector<std::string>{"BAD!"}));
}

BOOST_AUTO_TEST_CASE(picks_out_the_texts_that_are_not_keys) {
  BOOST_TEST((malformedTexts({"aaaaa1", "BAD!", "", "TOOLONG1"}) ==
              std::vector<std::string>{"BAD!", "", "TOOLONG1"}));
}

BOOST_AUTO_TEST_CASE(asks_for_exactly_the_deficit_split_per_call) {
  KeyPlanOptions options;
  options.maxKeysPerCall = 2;
  KeyPlan plan = planKeys(input({}, {"AAAAA1"}, {"R1", "R2", "R3", "R4", "R5", "R6"}), options);
  BOOST_TEST(plan.needing == 6);
  BOOST_TEST(plan.deficit == 5);
  BOOST_TEST((plan.requests == std::vector<long long>{2, 2, 1}));
  BOOST_TEST(plan.assignable == 1);
  BOOST_TEST(plan.changes.adoptions.size() == 1u);
  BOOST_TEST(
      (describe(plan, "evt") == std::vector<std::string>{"request 5 keys from RACEMAP event evt",
                                                         "assign 1 keys to registrants"}));
}

BOOST_AUTO_TEST_CASE(reconciles_foreign_gone_and_returning_keys) {
  KeysInput in = input({stored("AAAAA1", KeyState::kFree), stored("AAAAA2", KeyState::kForeign),
                        stored("AAAAA3", KeyState::kGone), stored("AAAAA4", KeyState::kFree),
                        stored("AAAAA5", KeyState::kAssigned, "R1")},
                       {"AAAAA1", "AAAAA2", "AAAAA3", "AAAAA6"}, {"R1"}, {starter("AAAAA1", "")});
  KeyPlan plan = planKeys(in, KeyPlanOptions{});
  BOOST_TEST((stateOf(plan.book, "AAAAA1") == KeyState::kForeign));   // a starter took it
  BOOST_TEST((stateOf(plan.book, "AAAAA2") == KeyState::kFree));      // let go
  BOOST_TEST((stateOf(plan.book, "AAAAA3") == KeyState::kFree));      // listed again
  BOOST_TEST((stateOf(plan.book, "AAAAA4") == KeyState::kGone));      // no longer listed
  BOOST_TEST((stateOf(plan.book, "AAAAA5") == KeyState::kAssigned));  // assigned for good
  BOOST_TEST((stateOf(plan.book, "AAAAA6") == KeyState::kFree));      // new
  BOOST_TEST(plan.deficit == 0);
  BOOST_TEST(plan.book.pool() == 3);
}

BOOST_AUTO_TEST_CASE(releases_unused_keys_of_withdrawn_registrants_only_when_asked) {
  KeysInput in = input(
      {stored("AAAAA1", KeyState::kAssigned, "W1"), stored("AAAAA2", KeyState::kAssigned, "W2")},
      {"AAAAA1", "AAAAA2"}, {"R1"}, {starter("AAAAA2", "W2", true)});
  in.keysOfWithdrawn = {{"AAAAA1", "W1"}, {"AAAAA2", "W2"}};
  BOOST_TEST(planKeys(in, KeyPlanOptions{}).releases.empty());
  KeyPlanOptions release;
  release.releaseWithdrawn = true;
  KeyPlan plan = planKeys(in, release);
  BOOST_REQUIRE(plan.releases.size() == 1u);
  BOOST_TEST(plan.releases[0].first == "AAAAA1");
  BOOST_TEST(plan.notes.size() == 1u);  // the used key is kept
  BOOST_TEST(plan.deficit == 0);        // R1 takes the released key
  BOOST_TEST(describe(plan, "evt").front() == "release 1 unused keys of withdrawn registrants");
}

BOOST_AUTO_TEST_CASE(holds_back_requests_while_an_earlier_one_is_unsettled) {
  KeysInput in = input({}, {}, {"R1", "R2"});
  in.nowMs = 1000;
  in.pending = {KeyRequestRecord{7, 2, 0, "1970-01-01T00:00:00Z"}};
  KeyPlan plan = planKeys(in, KeyPlanOptions{});
  BOOST_TEST(plan.pending.unsettled);
  BOOST_TEST(plan.deficit == 2);
  BOOST_TEST(plan.requests.empty());
  in.nowMs = 16 * 60 * 1000;
  KeyPlan later = planKeys(in, KeyPlanOptions{});
  BOOST_REQUIRE(later.pending.settle.size() == 1u);
  BOOST_TEST(later.pending.settle[0].second == "lost: never showed up");
  BOOST_TEST((later.requests == std::vector<long long>{2}));
}

BOOST_AUTO_TEST_CASE(reports_an_assigned_key_a_stranger_holds) {
  KeysInput in = input({stored("AAAAA1", KeyState::kAssigned, "R1")}, {"AAAAA1"}, {"R1"},
                       {starter("AAAAA1", "R9")});
  KeyPlan plan = planKeys(in, KeyPlanOptions{});
  BOOST_REQUIRE(plan.problems.size() == 1u);
  BOOST_TEST(plan.problems[0].code == "key_conflict");
}

BOOST_AUTO_TEST_CASE(new_keys_are_only_those_the_book_lacks) {
  KeyBook book({stored("AAAAA1", KeyState::kFree)});
  std::vector<KeyAdoption> adopted = newKeys(book, {"AAAAA1", "aaaaa2", "AAAAA2", "bad", "AAAAA3"},
                                             holdersOf({starter("AAAAA3", "")}));
  BOOST_REQUIRE(adopted.size() == 2u);
  BOOST_TEST(adopted[0].key == "AAAAA2");
  BOOST_TEST((adopted[0].state == KeyState::kFree));
  BOOST_TEST(adopted[1].key == "AAAAA3");
  BOOST_TEST((adopted[1].state == KeyState::kForeign));
}

BOOST_AUTO_TEST_CASE(looks_only_past_the_prefix_a_listing_shares_with_the_last) {
  const std::vector<std::string> before = {"AAAAA1", "AAAAA2"};
  BOOST_TEST(sharedPrefix(before, {"AAAAA1", "AAAAA2", "AAAAA3"}) == 2u);
  BOOST_TEST(sharedPrefix(before, {"AAAAA2", "AAAAA3"}) == 0u);  // one was deleted
  BOOST_TEST(sharedPrefix({}, before) == 0u);
  KeyBook book({stored("AAAAA1", KeyState::kFree), stored("AAAAA2", KeyState::kFree)});
  std::vector<KeyAdoption> adopted = newKeys(book, {"AAAAA1", "AAAAA2", "AAAAA3"}, {}, 2);
  BOOST_REQUIRE(adopted.size() == 1u);
  BOOST_TEST(adopted[0].key == "AAAAA3");
}

BOOST_AUTO_TEST_CASE(assigns_fresh_keys_first_in_registrant_order) {
  KeyBook book({stored("BBBBB2", KeyState::kReleased, "", "W1"), stored("AAAAA9", KeyState::kFree),
                stored("AAAAA1", KeyState::kFree), stored("CCCCC1", KeyState::kAssigned, "R2")});
  KeyAssignment assignment = planAssignment(book, {"R3", "R2", "R1", "R4"});
  BOOST_TEST((assignment.ids == std::vector<std::string>{"R3", "R1", "R4"}));
  BOOST_TEST((assignment.keys == std::vector<std::string>{"AAAAA1", "AAAAA9", "BBBBB2"}));
  BOOST_TEST(assignment.without.empty());
  KeyAssignment short_ = planAssignment(KeyBook(), {"R1"});
  BOOST_TEST((short_.without == std::vector<std::string>{"R1"}));
  BOOST_TEST(noKeyProblems(short_.without).front().code == "no_key");
}

BOOST_AUTO_TEST_CASE(splits_requests_at_the_cap) {
  BOOST_TEST((splitRequests(2500, 1000) == std::vector<long long>{1000, 1000, 500}));
  BOOST_TEST(splitRequests(0, 1000).empty());
}

BOOST_AUTO_TEST_SUITE_END()
