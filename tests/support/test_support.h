// Helpers shared by the tests: temporary folders, files, running the real racesync binary and
// decoding a QR code with the independent zbarimg.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace racesync {
class StateStore;
}

namespace racesync::test {

// A fresh folder under /tmp, removed with everything in it when the object goes.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  // path() + "/" + name
  std::string file(const std::string& name) const;

 private:
  std::string path_;
};

void writeFile(const std::string& path, const std::string& bytes);
std::string readFile(const std::string& path);

struct ProcessResult {
  int exitCode = -1;
  std::string out;
  std::string err;
};

// Runs `program` with `args`, the environment of this process plus `env`, and collects its output.
ProcessResult runProcess(const std::string& program, const std::vector<std::string>& args,
                         const std::map<std::string, std::string>& env = {},
                         const std::string& workingDir = "");
// Runs the racesync binary built alongside the tests, with racesyncEnvironment(args, env).
ProcessResult runRacesync(const std::vector<std::string>& args,
                          const std::map<std::string, std::string>& env = {});

// PostgreSQL: when RACESYNC_TEST_PG is set ("host=127.0.0.1 port=N user=racesync", by the CTest
// fixture `postgres`), every racesync a test starts keeps its state on that server, in a database
// of its own per TempDir, instead of in an SQLite file.
//
// Whether RACESYNC_TEST_PG is set.
bool onPostgres();
// The state URL of the TempDir at `dirPath`: postgresql://racesync@127.0.0.1:N/<database>, the
// database created on first use and named after this process and the folder; "" without
// RACESYNC_TEST_PG. Throws std::runtime_error when the database cannot be created.
std::string testStateUrl(const std::string& dirPath);
// `env` plus, on PostgreSQL, RACESYNC_STATE_URL = testStateUrl(<the live TempDir that an argument
// or `workingDir` lies in>) unless `env` sets it already (a racesync outside every TempDir gets
// none): what runRacesync gives the child, for tests that start racesync themselves.
std::map<std::string, std::string> racesyncEnvironment(const std::vector<std::string>& args,
                                                       std::map<std::string, std::string> env,
                                                       const std::string& workingDir = "");
// The state store that racesync with `-c configPath` uses (the same settings, environment and
// racesyncEnvironment): the SQLite file of its state.path, or on PostgreSQL its event in the
// database of the TempDir that holds the configuration. For tests that look into the store; write
// SQL through StateStore::sql() or StoreStatement, which work on both.
std::unique_ptr<StateStore> openTestStore(const std::string& configPath);
// `racesync demo` keeps its state in the SQLite file `demoDb` whatever the environment: on
// PostgreSQL, copies it into the store of `configPath` (racesync state import), so that tests of
// the demo's state read it there; nothing on SQLite, where `configPath` names that file. Throws
// std::runtime_error when the import fails.
void useDemoState(const std::string& configPath, const std::string& demoDb);

// The text zbarimg decodes from the PNG at `path` ("" when it finds no QR code).
std::string decodeQr(const std::string& path);

// The project's source folder (for samples/ and templates/).
std::string sourceDir();
// The committed test fixtures: tests/fixtures in the source folder.
std::string fixturesDir();
// The path of tests/fixtures/exports/<name>: header rows of real registration exports.
std::string exportFixture(const std::string& name);
// Copies samples/ (the two registration exports and racesync.ini) into `dir`: a rehearsal of the
// shipped example, as the end-to-end and re-run tests start from it.
void copySamples(const TempDir& dir);
// The racesync binary built alongside the tests.
std::string racesyncBinary();
// The build folder (for CPackConfig.cmake), and the cpack of the CMake that configured it.
std::string buildDir();
std::string cpackCommand();

// The message of the `Error` that `call` throws, or "no error" when it throws none: for tests
// that assert an error's text.
template <class Error, class Call>
std::string errorOf(Call call) {
  try {
    call();
  } catch (const Error& e) {
    return e.message();
  }
  return "no error";
}

}  // namespace racesync::test
