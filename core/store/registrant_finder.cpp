#include "core/store/registrant_finder.h"

#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Session.h>
#include <Poco/String.h>
#include <Poco/StringTokenizer.h>

#include <algorithm>

#include "core/base/edit_distance.h"
#include "core/base/match_key.h"
#include "core/store/state_store.h"

namespace racesync {
namespace {

// Each word of `text` folded (matchKey), joined by single spaces.
std::string foldWords(const std::string& text) {
  Poco::StringTokenizer words(text, " \t,", Poco::StringTokenizer::TOK_IGNORE_EMPTY);
  std::string folded;
  for (const std::string& word : words) {
    std::string key = matchKey(word);
    if (key.empty()) continue;
    folded += (folded.empty() ? "" : " ") + key;
  }
  return folded;
}

// True when every word of `query` is part of `name` (both folded).
bool holdsEveryWord(const std::string& name, const std::string& query) {
  Poco::StringTokenizer words(query, " ", Poco::StringTokenizer::TOK_IGNORE_EMPTY);
  if (words.count() == 0) return false;
  return std::all_of(words.begin(), words.end(),
                     [&](const std::string& word) { return name.find(word) != std::string::npos; });
}

}  // namespace

std::string RegistrantSummary::label() const {
  return "registration " + id + " (" + (bib.empty() ? "" : "bib " + bib + ", ") + name + ")";
}

const char* toString(MatchKind kind) {
  switch (kind) {
    case MatchKind::kBib:
      return "bib";
    case MatchKind::kId:
      return "id";
    case MatchKind::kEmail:
      return "email";
    case MatchKind::kName:
      return "name";
  }
  return "";
}

RegistrantFinder::RegistrantFinder(StateStore& store) {
  Poco::Data::Statement select = store.sql(
      "SELECT id, bib, CASE WHEN name <> '' THEN name ELSE "
      "trim(first_name || ' ' || last_name) END, email, race, language, status, source, "
      "line FROM registrants ORDER BY race, id");
  select.execute();
  Poco::Data::RecordSet rows(select);
  for (bool more = rows.moveFirst(); more; more = rows.moveNext()) {
    auto text = [&](std::size_t column) { return rows[column].convert<std::string>(); };
    registrants_.push_back(RegistrantSummary{text(0), text(1), text(2), text(3), text(4), text(5),
                                             text(6) == "active", text(7), rows[8].convert<int>()});
    foldedNames_.push_back(foldWords(registrants_.back().name));
  }
}

std::vector<RegistrantMatch> RegistrantFinder::find(const std::string& text, bool byName) const {
  const std::string wanted = Poco::trim(text);
  std::vector<RegistrantMatch> matches;
  if (wanted.empty()) return matches;
  for (MatchKind kind : {MatchKind::kBib, MatchKind::kId, MatchKind::kEmail}) {
    for (const RegistrantSummary& r : registrants_) {
      bool hit = kind == MatchKind::kBib ? !r.bib.empty() && r.bib == wanted
                 : kind == MatchKind::kId
                     ? r.id == wanted
                     : !r.email.empty() && Poco::icompare(r.email, wanted) == 0;
      if (hit) matches.push_back({r, kind});
    }
    if (!matches.empty()) return matches;
  }
  if (!byName) return matches;
  const std::string query = foldWords(wanted);
  for (std::size_t i = 0; i < registrants_.size(); ++i) {
    if (holdsEveryWord(foldedNames_[i], query))
      matches.push_back({registrants_[i], MatchKind::kName});
  }
  return matches;
}

std::vector<RegistrantSummary> RegistrantFinder::nearest(const std::string& text,
                                                         std::size_t count) const {
  const std::string wanted = Poco::toLower(Poco::trim(text));
  const std::string folded = foldWords(text);
  // Further than this is no suggestion, only noise: a third of what was typed, at least 2.
  const std::size_t limit = std::max<std::size_t>(2, wanted.size() / 3);
  std::vector<std::pair<std::size_t, std::size_t>> scored;  // (distance, index)
  for (std::size_t i = 0; i < registrants_.size(); ++i) {
    const RegistrantSummary& r = registrants_[i];
    std::size_t best = editDistance(folded, foldedNames_[i]);
    Poco::StringTokenizer words(foldedNames_[i], " ", Poco::StringTokenizer::TOK_IGNORE_EMPTY);
    for (const std::string& word : words) best = std::min(best, editDistance(folded, word));
    for (const std::string& value : {r.bib, r.id, Poco::toLower(r.email)}) {
      if (!value.empty()) best = std::min(best, editDistance(wanted, value));
    }
    if (best <= limit) scored.emplace_back(best, i);
  }
  std::sort(scored.begin(), scored.end(), [&](const auto& a, const auto& b) {
    return a.first != b.first ? a.first < b.first
                              : registrants_[a.second].id < registrants_[b.second].id;
  });
  std::vector<RegistrantSummary> result;
  for (std::size_t i = 0; i < scored.size() && i < count; ++i) {
    result.push_back(registrants_[scored[i].second]);
  }
  return result;
}

std::string describeNearest(const std::vector<RegistrantSummary>& registrants) {
  std::string text;
  for (const RegistrantSummary& r : registrants) {
    text += (text.empty() ? "" : ", ") + r.id + " (" + r.name +
            (r.bib.empty() ? "" : ", bib " + r.bib) + (r.email.empty() ? "" : ", " + r.email) + ")";
  }
  return text;
}

}  // namespace racesync
