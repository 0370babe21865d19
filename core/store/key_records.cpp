#include "core/store/key_records.h"

#include <Poco/Data/RecordSet.h>

#include <Poco/Data/Session.h>
#include <algorithm>

#include "core/store/registrant_records.h"
#include "core/store/state_store.h"
#include "core/store/store_statement.h"
#include "core/store/stored_enum.h"

using Poco::Data::Keywords::into;
using Poco::Data::Keywords::now;
using Poco::Data::Keywords::use;

namespace racesync {

namespace {

const KeyState kKeyStates[] = {KeyState::kFree, KeyState::kAssigned, KeyState::kForeign,
                               KeyState::kReleased, KeyState::kGone};
const KeyRequestState kRequestStates[] = {KeyRequestState::kPending, KeyRequestState::kReconciled};

}  // namespace

const char* toString(KeyState state) {
  switch (state) {
    case KeyState::kFree:
      return "free";
    case KeyState::kAssigned:
      return "assigned";
    case KeyState::kForeign:
      return "foreign";
    case KeyState::kReleased:
      return "released";
    case KeyState::kGone:
      return "gone";
  }
  return "";
}

KeyState parseKeyState(const std::string& text) {
  return parseStoredValue(kKeyStates, text, "keys.state");
}

const char* toString(KeyRequestState state) {
  return state == KeyRequestState::kPending ? "pending" : "reconciled";
}

KeyRequestState parseKeyRequestState(const std::string& text) {
  return parseStoredValue(kRequestStates, text, "key_requests.state");
}

std::vector<KeyRecord> KeyRecords::keys() {
  std::vector<std::string> keys, states, holders, releasedFrom;
  store_.sql("SELECT key, state, coalesce(registration_id, ''), released_from FROM keys"),
      into(keys), into(states), into(holders), into(releasedFrom), now;
  std::vector<KeyRecord> result(keys.size());
  for (std::size_t i = 0; i < keys.size(); ++i) {
    result[i] = KeyRecord{std::move(keys[i]), parseKeyState(states[i]), std::move(holders[i]),
                          std::move(releasedFrom[i])};
  }
  return result;
}

std::vector<KeyRequestRecord> KeyRecords::pendingRequests() {
  std::string pending = toString(KeyRequestState::kPending);
  Poco::Data::Statement select = store_.sql(
      "SELECT id, count, keys_before, created_at FROM key_requests WHERE state = ? "
      "ORDER BY id");
  select, use(pending);
  select.execute();
  Poco::Data::RecordSet rows(select);
  std::vector<KeyRequestRecord> result;
  for (bool more = rows.moveFirst(); more; more = rows.moveNext()) {
    result.push_back(KeyRequestRecord{rows[0].convert<Poco::Int64>(), rows[1].convert<long long>(),
                                      rows[2].convert<long long>(),
                                      rows[3].convert<std::string>()});
  }
  return result;
}

std::vector<std::string> KeyRecords::activeRegistrantsInKeyOrder() {
  // Stepped row by row: Poco's into(vector) extracted 200,000 ids through its own buffers first.
  StoreStatement select(store_,
                        "SELECT id FROM registrants WHERE status = ? "
                        "ORDER BY coalesce(first_run, 0), source, line, id");
  select.bind(1, std::string(toString(RegistrantStatus::kActive)));
  std::vector<std::string> ids;
  std::string id;
  while (select.next()) {
    select.text(0, id);
    ids.push_back(id);
  }
  return ids;
}

std::vector<std::pair<std::string, std::string>> KeyRecords::keysOfWithdrawn() {
  std::string assigned = toString(KeyState::kAssigned);
  std::string withdrawn = toString(RegistrantStatus::kWithdrawn);
  std::vector<std::string> keys, ids;
  store_.sql(
      "SELECT k.key, k.registration_id FROM keys k JOIN registrants r "
      "ON r.id = k.registration_id WHERE k.state = ? AND r.status = ? "
      "ORDER BY k.key"),
      use(assigned), use(withdrawn), into(keys), into(ids), now;
  std::vector<std::pair<std::string, std::string>> result;
  for (std::size_t i = 0; i < keys.size(); ++i) result.emplace_back(keys[i], ids[i]);
  return result;
}

void KeyRecords::adopt(const std::vector<KeyAdoption>& adoptions, const std::string& at,
                       Poco::Int64 requestId) {
  if (adoptions.empty()) return;
  StoreStatement insert(
      store_, "INSERT INTO keys (key, state, adopted_at, request_id) VALUES (?, ?, ?, ?)");
  insert.bind(3, at);
  if (requestId != 0) {
    insert.bind(4, static_cast<long long>(requestId));
  } else {
    insert.bindNull(4);
  }
  for (const auto& adoption : adoptions) {
    insert.bind(1, adoption.key).bind(2, std::string(toString(adoption.state))).run();
  }
}

void KeyRecords::insert(std::vector<NewKey> keys, const std::string& at) {
  if (keys.empty()) return;
  std::sort(keys.begin(), keys.end(),
            [](const NewKey& a, const NewKey& b) { return a.key < b.key; });
  StoreStatement insert(store_,
                        "INSERT INTO keys (key, state, registration_id, adopted_at, assigned_at, "
                        "request_id) VALUES (?, ?, ?, ?, ?, ?)");
  for (const auto& key : keys) {
    const bool assigned = key.state == KeyState::kAssigned;
    insert.bind(1, key.key).bind(2, std::string(toString(key.state))).bind(4, key.adoptedAt);
    if (assigned) {
      insert.bind(3, key.registrationId).bind(5, at);
    } else {
      insert.bindNull(3).bind(5, std::string());
    }
    if (key.requestId != 0) {
      insert.bind(6, static_cast<long long>(key.requestId));
    } else {
      insert.bindNull(6);
    }
    insert.run();
  }
}

void KeyRecords::setStates(const std::vector<std::pair<std::string, KeyState>>& states) {
  if (states.empty()) return;
  StoreStatement update(store_, "UPDATE keys SET state = ? WHERE key = ?");
  for (const auto& [key, state] : states) {
    update.bind(1, std::string(toString(state))).bind(2, key).run();
  }
}

void KeyRecords::release(const std::vector<std::pair<std::string, std::string>>& keysAndHolders) {
  if (keysAndHolders.empty()) return;
  StoreStatement update(
      store_, "UPDATE keys SET state = ?, registration_id = NULL, released_from = ? WHERE key = ?");
  update.bind(1, std::string(toString(KeyState::kReleased)));
  for (const auto& [key, holder] : keysAndHolders) update.bind(2, holder).bind(3, key).run();
}

void KeyRecords::assign(const std::vector<std::string>& keys, const std::vector<std::string>& ids,
                        const std::string& at) {
  if (keys.empty()) return;
  StoreStatement update(store_,
                        "UPDATE keys SET state = ?, registration_id = ?, assigned_at = ?, "
                        "released_from = '' WHERE key = ?");
  update.bind(1, std::string(toString(KeyState::kAssigned))).bind(3, at);
  for (std::size_t i = 0; i < keys.size() && i < ids.size(); ++i) {
    update.bind(2, ids[i]).bind(4, keys[i]).run();
  }
}

Poco::Int64 KeyRecords::recordRequest(Poco::Int64 runId, long long count, long long keysBefore,
                                      const std::string& at) {
  Poco::Int64 run = runId, asked = count, before = keysBefore, id = 0;
  std::string createdAt = at;
  store_.transact([&] {
    store_.sql(
        "INSERT INTO key_requests (run_id, count, keys_before, created_at) "
        "VALUES (?, ?, ?, ?) RETURNING id"),
        use(run), use(asked), use(before), use(createdAt), into(id), now;
  });
  return id;
}

void KeyRecords::settleRequest(Poco::Int64 id, const std::string& outcome, long long adopted,
                               const std::string& at) {
  Poco::Int64 request = id, count = adopted;
  std::string text = outcome, reconciledAt = at, state = toString(KeyRequestState::kReconciled);
  store_.sql(
      "UPDATE key_requests SET state = ?, outcome = ?, adopted = ?, "
      "reconciled_at = ? WHERE id = ?"),
      use(state), use(text), use(count), use(reconciledAt), use(request), now;
}

}  // namespace racesync
