#include "core/store/state_store.h"

#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Data/SQLite/SQLiteException.h>
#include <Poco/Path.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sys/statvfs.h>
#include <cerrno>
#include <cstring>

#include <cstdio>

#include "core/base/errors.h"
#include "core/store/schema.h"

using Poco::Data::Keywords::into;
using Poco::Data::Keywords::now;
using Poco::Data::Keywords::use;

namespace racesync {

namespace {

// Creates the store's file with `modes` before SQLite does (SQLite would make it 0644 less the
// umask), or sets the mode of the one already there; SQLite gives -wal and -shm the file's mode.
void prepareFile(const std::string& path, const FileModes& modes) {
  createFolders(Poco::Path(path).makeAbsolute().parent().toString(), modes);
  const int fd =
      ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, modes.file);
  if (fd >= 0) {
    const bool moded = ::fchmod(fd, modes.file) == 0;
    ::close(fd);
    if (moded) return;
  } else if (errno != EEXIST) {
    throw StoreError(path + ": cannot create the state store: " + std::strerror(errno) +
                     ": check state.path and that the folder is writable");
  }
  applyMode(path, modes);
}

// "12.5 MB free" for the file system holding `path` ("" when it cannot be told).
std::string freeSpace(const std::string& path) {
  struct statvfs info {};
  std::string folder = Poco::Path(path).makeAbsolute().parent().toString();
  if (::statvfs(folder.c_str(), &info) != 0) return "";
  double bytes = static_cast<double>(info.f_bavail) * static_cast<double>(info.f_frsize);
  char text[64];
  std::snprintf(text, sizeof(text), "%.1f MB free", bytes / 1e6);
  return text;
}

}  // namespace

std::string storeWriteFailure(const std::string& path, const std::string& cause) {
  std::string space = path == ":memory:" ? "" : freeSpace(path);
  return path + ": cannot write the state store: " + cause +
         (space.empty() ? "" : " (" + space + ")") +
         ": free some space or make the folder writable, then run again; nothing recorded so far "
         "is lost";
}

StateStore::StateStore(const std::string& path, const FileModes& modes) : path_(path) {
  openSqlite(path, modes);
}

StateStore::StateStore(const StateLocation& location, const FileModes& modes, Mode mode)
    : path_(location.name()) {
  if (location.postgres()) {
    openPostgres(location, mode);
  } else {
    openSqlite(location.path, modes);
  }
}

void StateStore::openSqlite(const std::string& path, const FileModes& modes) {
  Poco::Data::SQLite::Connector::registerConnector();
  try {
    if (path != ":memory:") prepareFile(path, modes);
    session_ = std::make_unique<Poco::Data::Session>("SQLite", path);
    std::string mode;
    *session_ << "PRAGMA journal_mode=WAL", into(mode), now;
    if (path != ":memory:") {
      for (const char* suffix : {"-wal", "-shm"}) applyMode(path + suffix, modes);
    }
    *session_ << "PRAGMA busy_timeout=10000", now;
    *session_ << "PRAGMA foreign_keys=ON", now;
    *session_ << "PRAGMA synchronous=NORMAL", now;
    migrate();
  } catch (const StoreError&) {
    throw;
  } catch (const Poco::Exception& e) {
    std::string space = path == ":memory:" ? "" : freeSpace(path);
    throw StoreError(path + ": cannot open the state store: " + e.displayText() +
                     (space.empty() ? "" : " (" + space + ")") +
                     ": check state.path, that the folder is writable and that its disk has room");
  }
}

StateStore::~StateStore() = default;

Poco::Data::Statement StateStore::sql(const std::string& text) {
  Poco::Data::Statement statement(*session_);
  statement << translateSql(dialect_, text);
  return statement;
}

void StateStore::execute(const std::string& text) { sql(text), now; }

int StateStore::schemaVersion() {
  int version = 0;
  if (dialect_ == SqlDialect::kSqlite) {
    *session_ << "PRAGMA user_version", into(version), now;
    return version;
  }
  int tables = 0;
  sql("SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema() "
      "AND table_name = 'schema_version'"),
      into(tables), now;
  if (tables > 0) sql("SELECT coalesce(max(version), 0) FROM schema_version"), into(version), now;
  return version;
}

void StateStore::setSchemaVersion(int version) {
  if (dialect_ == SqlDialect::kSqlite) {
    // PRAGMA takes no placeholders; the value is our own integer.
    *session_ << "PRAGMA user_version = " + std::to_string(version), now;
    return;
  }
  execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
  execute("DELETE FROM schema_version");
  sql("INSERT INTO schema_version (version) VALUES (?)"), use(version), now;
}

int StateStore::tableCount() {
  int tables = 0;
  if (dialect_ == SqlDialect::kSqlite) {
    *session_ << "SELECT count(*) FROM sqlite_master WHERE type = 'table'", into(tables), now;
  } else {
    sql("SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()"),
        into(tables), now;
  }
  return tables;
}

void StateStore::migrate() {
  int version = schemaVersion();
  const auto& steps = migrations();
  if (version > static_cast<int>(steps.size())) {
    throw StoreError(path_ + ": the state store has schema version " + std::to_string(version) +
                     ", newer than this racesync knows (" + std::to_string(steps.size()) +
                     "): upgrade racesync");
  }
  if (version == 0 && tableCount() > 0) {
    // A non-empty store with version 0 is somebody else's database: do not touch it.
    throw StoreError(path_ + ": not a racesync state store (it has tables but no version): " +
                     "point state.path at a new file");
  }
  for (int next = version; next < static_cast<int>(steps.size()); ++next) {
    transact([&] {
      if (dialect_ == SqlDialect::kPostgres) {
        // Two hosts opening a new event at once: the second waits, then finds it migrated.
        lockForTransaction("racesync.migrate." + schema_);
        if (schemaVersion() > next) return;
      }
      for (const auto& statement : steps[next]) execute(statement);
      setSchemaVersion(next + 1);
    });
  }
}

void StateStore::transact(const std::function<void()>& work) {
  if (depth_ > 0) {
    ++depth_;
    try {
      work();
    } catch (...) {
      --depth_;
      throw;
    }
    --depth_;
    return;
  }
  try {
    session_->begin();
  } catch (const Poco::Exception& e) {
    throw StoreError(writeFailure(e.displayText()));
  }
  depth_ = 1;
  try {
    work();
    session_->commit();
    depth_ = 0;
  } catch (const RacesyncError&) {
    rollback();
    throw;
  } catch (const Poco::Exception& e) {
    // A full disk, a read-only file or a lost file: what was committed before stays.
    rollback();
    throw StoreError(writeFailure(e.displayText()));
  } catch (...) {
    rollback();
    throw;
  }
}

void StateStore::rollback() {
  depth_ = 0;
  try {
    session_->rollback();
  } catch (const Poco::Exception&) {
    // The original error matters more than a failed rollback; SQLite rolls back on close.
  }
}

std::string StateStore::writeFailure(const std::string& cause) const {
  if (dialect_ == SqlDialect::kSqlite) return storeWriteFailure(path_, cause);
  return path_ + ": cannot write the state store: " + cause +
         ": check that the database server runs and has room, then run again; nothing recorded "
         "so far is lost";
}

void StateStore::lockForTransaction(const std::string& name) {
  Poco::Int64 key = stableHash(name);
  int locked = 0;
  sql("SELECT count(*) FROM (SELECT pg_advisory_xact_lock(?)) AS held"), use(key), into(locked),
      now;
}

void StateStore::copyTo(const std::string& path) {
  if (dialect_ == SqlDialect::kPostgres) {
    throw StoreError(path_ + ": cannot copy a PostgreSQL state store to " + path +
                     ": open it as a scratch store instead");
  }
  std::string target = path;
  try {
    *session_ << "VACUUM INTO ?", use(target), now;
  } catch (const Poco::Exception& e) {
    throw StoreError(path_ + ": cannot copy the state store to " + path + ": " + e.displayText());
  }
}

Poco::Int64 StateStore::beginRun(const std::string& startedAt, const std::string& steps) {
  Poco::Int64 id = 0;
  std::string started = startedAt;
  std::string stepList = steps;
  transact([&] {
    sql("INSERT INTO runs (started_at, steps) VALUES (?, ?) RETURNING id"), use(started),
        use(stepList), into(id), now;
  });
  return id;
}

void StateStore::finishRun(Poco::Int64 runId, const std::string& finishedAt, int exitCode,
                           const std::string& summaryJson) {
  std::string finished = finishedAt;
  std::string summary = summaryJson;
  transact([&] {
    sql("UPDATE runs SET finished_at = ?, exit_code = ?, summary = ? WHERE id = ?"), use(finished),
        use(exitCode), use(summary), use(runId), now;
  });
}

}  // namespace racesync
