#include "core/run/run_lock.h"

#include <Poco/Environment.h>
#include <Poco/File.h>
#include <Poco/Path.h>
#include <Poco/String.h>
#include <fcntl.h>
#include <libpq-fe.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "core/base/errors.h"
#include "core/store/sql_dialect.h"

namespace racesync {

namespace {

// The process id in the lock file held through `fd`, or "" when it holds none. The holder may
// have taken the lock a moment ago and not written its id yet: read again for up to ~0.5 s.
std::string holderOf(int fd) {
  for (int attempt = 0; attempt < 50; ++attempt) {
    char buffer[32] = {};
    ssize_t size = ::pread(fd, buffer, sizeof(buffer) - 1, 0);
    std::string text = size > 0 ? Poco::trim(std::string(buffer, static_cast<size_t>(size))) : "";
    bool digits = !text.empty() && text.find_first_not_of("0123456789") == std::string::npos;
    if (digits) return text;
    ::usleep(10000);
  }
  return "";
}

// The one text value of `sql` run with `params` on `pg`, or "" when there is no row; throws
// StoreError with `what` and the server's words when it fails.
std::string queryText(PGconn* pg, const char* sql, const std::vector<std::string>& params,
                      const std::string& what) {
  std::vector<const char*> values;
  for (const std::string& p : params) values.push_back(p.c_str());
  PGresult* result = PQexecParams(pg, sql, static_cast<int>(values.size()), nullptr, values.data(),
                                  nullptr, nullptr, 0);
  if (PQresultStatus(result) != PGRES_TUPLES_OK) {
    std::string words = PQresultErrorMessage(result);
    PQclear(result);
    throw StoreError(what + ": " + oneLine(words));
  }
  std::string text = PQntuples(result) > 0 ? PQgetvalue(result, 0, 0) : "";
  PQclear(result);
  return text;
}

}  // namespace

RunLock::RunLock(const std::string& statePath, const FileModes& modes) {
  lockFile(statePath, modes);
}

RunLock::RunLock(const StateLocation& location, const FileModes& modes) {
  if (location.postgres()) {
    lockPostgres(location);
  } else {
    lockFile(location.path, modes);
  }
}

void RunLock::lockFile(const std::string& statePath, const FileModes& modes) {
  if (statePath == ":memory:") return;
  path_ = statePath + ".lock";
  createFolders(Poco::Path(path_).makeAbsolute().parent().toString(), modes);
  fd_ = ::open(path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, modes.file);
  if (fd_ < 0) {
    throw StoreError(path_ + ": cannot create the lock file: " + std::strerror(errno) +
                     ": check that the state folder is writable");
  }
  if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    std::string pid = holderOf(fd_);
    ::close(fd_);
    fd_ = -1;
    throw TemporaryError(path_ + ": another racesync run (process " +
                         (pid.empty() ? std::string("unknown") : pid) +
                         ") is working on this state: wait for it to finish, then run again");
  }
  // Written over what is there, then cut to length: the file is never empty while we hold it
  // (truncating first left a window in which a second run read nothing and said "unknown").
  std::string pid = std::to_string(::getpid()) + "\n";
  if (::pwrite(fd_, pid.data(), pid.size(), 0) != static_cast<ssize_t>(pid.size()) ||
      ::ftruncate(fd_, static_cast<off_t>(pid.size())) != 0) {
    // The lock holds without the pid; only the message to a second run gets poorer.
  }
}

RunLock::~RunLock() {
  if (pg_ != nullptr) {
    // Let go before the session ends: the server ends a session a moment after the client has
    // closed it, and a run started in that moment was told the lock was still held. The answer
    // comes once the lock is free. Should the session be broken, its end frees the lock anyway.
    const std::string key = std::to_string(pgKey_);
    const char* values[] = {key.c_str()};
    PQclear(PQexecParams(pg_, "SELECT pg_advisory_unlock($1::bigint)", 1, nullptr, values, nullptr,
                         nullptr, 0));
    PQfinish(pg_);
  }
  if (fd_ >= 0) {
    ::flock(fd_, LOCK_UN);
    ::close(fd_);
  }
}

void RunLock::lockPostgres(const StateLocation& location) {
  const std::string application =
      "racesync " + Poco::Environment::nodeName() + ":" + std::to_string(::getpid());
  pg_ = PQconnectdb((location.conninfo + " application_name=" + libpqQuoted(application)).c_str());
  if (PQstatus(pg_) != CONNECTION_OK) {
    std::string words = oneLine(PQerrorMessage(pg_));
    PQfinish(pg_);
    pg_ = nullptr;
    throw StoreError(location.name() + ": cannot take the run lock: " + words +
                     ": check state.url and that the database server runs");
  }
  pgKey_ = stableHash("racesync.run." + eventSchemaName(location.event));
  const std::string what = location.name() + ": cannot take the run lock";
  if (queryText(pg_, "SELECT pg_try_advisory_lock($1::bigint)", {std::to_string(pgKey_)}, what) ==
      "t") {
    return;
  }
  std::string holder = postgresHolder(pgKey_);
  PQfinish(pg_);
  pg_ = nullptr;
  throw TemporaryError(location.name() + ": another racesync run (" +
                       (holder.empty() ? std::string("host and process unknown") : holder) +
                       ") is working on this event's state: wait for it to finish, then run "
                       "again");
}

// "host H, process P" of the session holding advisory lock `key` in this database, from its
// application_name; "" when it cannot be told (it may have just let go).
std::string RunLock::postgresHolder(long long key) {
  const auto bits = static_cast<unsigned long long>(key);
  const std::string name = queryText(
      pg_,
      "SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
      "WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1 AND "
      "l.database = (SELECT oid FROM pg_database WHERE datname = current_database()) AND "
      "l.classid = $1::oid AND l.objid = $2::oid",
      {std::to_string(bits >> 32), std::to_string(bits & 0xffffffffULL)},
      "cannot tell who holds the run lock");
  const std::string prefix = "racesync ";
  const std::size_t colon = name.rfind(':');
  if (name.compare(0, prefix.size(), prefix) != 0 || colon == std::string::npos ||
      colon < prefix.size()) {
    return name.empty() ? "" : "session '" + name + "'";
  }
  return "host " + name.substr(prefix.size(), colon - prefix.size()) + ", process " +
         name.substr(colon + 1);
}

}  // namespace racesync
