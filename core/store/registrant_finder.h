// Finding registrants the way people name them at the race office: by bib, registration id, email
// (any case) or name (case and accents folded, words in any order), and the nearest ones when
// nothing matches. Reads the registrants table once; pure lookups after that.
#pragma once

#include <string>
#include <vector>

namespace racesync {

class StateStore;

// What a match says about a registrant (from the registrants table).
struct RegistrantSummary {
  std::string id;
  std::string bib;
  std::string name;  // the display name, or "first last"
  std::string email;
  std::string race;
  std::string language;
  bool active = true;  // false: withdrawn
  std::string source;  // file of the last import
  int line = 0;

  // "registration R7 (bib 42, Zoë Müller)"
  std::string label() const;
};

// How `text` matched.
enum class MatchKind { kBib, kId, kEmail, kName };
const char* toString(MatchKind kind);

struct RegistrantMatch {
  RegistrantSummary registrant;
  MatchKind kind = MatchKind::kId;
};

class RegistrantFinder {
 public:
  // Reads every registrant, withdrawn ones included. Throws StoreError when the store cannot.
  explicit RegistrantFinder(StateStore& store);

  // The registrants `text` names exactly: its bib, its id or its email (any case), in that
  // order of preference (a bib match hides an id match of another registrant). With `byName` and
  // no exact match, the registrants whose folded name holds every word of `text` ("muller zoe"
  // finds "Zoë Müller"). In race, then id order.
  std::vector<RegistrantMatch> find(const std::string& text, bool byName) const;

  // At most `count` registrants near `text`: the smallest edit distance to the bib, the id, the
  // email, the folded name or one of its words, at most a third of `text` (2 at least); nearest
  // first, ties by id. For "did you mean" lists; empty when nobody is near.
  std::vector<RegistrantSummary> nearest(const std::string& text, std::size_t count) const;

  std::size_t size() const { return registrants_.size(); }

 private:
  std::vector<RegistrantSummary> registrants_;
  std::vector<std::string> foldedNames_;  // matchKey of each name, words kept apart by spaces
};

// "3001 (Anna Schmidt, bib 3001), R7 (Zoë Müller, bib 42)": a list for error messages.
std::string describeNearest(const std::vector<RegistrantSummary>& registrants);

}  // namespace racesync
