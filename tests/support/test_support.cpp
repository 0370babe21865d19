#include "tests/support/test_support.h"

#include <Poco/Exception.h>
#include <Poco/File.h>
#include <Poco/FileStream.h>
#include <Poco/Path.h>
#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>
#include <Poco/StreamCopier.h>
#include <Poco/String.h>
#include <Poco/TemporaryFile.h>

#include <unistd.h>

#include <cctype>
#include <mutex>
#include <set>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "core/config/settings.h"
#include "core/config/state_location.h"
#include "core/store/state_store.h"

namespace racesync::test {

namespace {

// The live TempDirs (so that a racesync started in one gets that one's database) and the databases
// created so far.
std::mutex registryMutex;
// Never destroyed: a TempDir in a static object (a suite's shared demo) outlives every other
// static, and its destructor still reads these at exit.
std::set<std::string>& liveDirs() {
  static auto* dirs = new std::set<std::string>;
  return *dirs;
}
std::set<std::string>& createdDatabases() {
  static auto* names = new std::set<std::string>;
  return *names;
}

std::string testPg() {
  const char* value = std::getenv("RACESYNC_TEST_PG");
  return value ? value : "";
}

// "port" of "host=127.0.0.1 port=N user=racesync".
std::string pgSetting(const std::string& name) {
  std::istringstream words(testPg());
  std::string word;
  while (words >> word) {
    if (word.rfind(name + "=", 0) == 0) return word.substr(name.size() + 1);
  }
  return "";
}

// rs_<pid>_<folder name>: unique per test process and folder, within PostgreSQL's 63 bytes.
std::string databaseName(const std::string& dirPath) {
  std::string name = "rs_" + std::to_string(::getpid()) + "_";
  const std::string folder = Poco::Path(dirPath).getFileName();
  for (char c : folder) {
    name += std::isalnum(static_cast<unsigned char>(c)) ? static_cast<char>(std::tolower(c)) : '_';
  }
  return name.substr(0, 63);
}

void createDatabase(const std::string& name) {
  ProcessResult created = runProcess(
      "/usr/bin/psql",
      {testPg() + " dbname=postgres", "-v", "ON_ERROR_STOP=1", "-qAtc", "CREATE DATABASE " + name});
  if (created.exitCode != 0) {
    throw std::runtime_error("RACESYNC_TEST_PG=" + testPg() + ": cannot create database " + name +
                             ": " + created.err + " (is the postgres fixture running?)");
  }
}

}  // namespace

TempDir::TempDir() {
  path_ = Poco::TemporaryFile::tempName();
  Poco::File(path_).createDirectories();
  std::lock_guard<std::mutex> lock(registryMutex);
  liveDirs().insert(path_);
}

TempDir::~TempDir() {
  {
    std::lock_guard<std::mutex> lock(registryMutex);
    liveDirs().erase(path_);
  }
  try {
    Poco::File(path_).remove(true);
  } catch (const Poco::Exception&) {
    // Leaving a temporary folder behind is not worth failing a test over.
  }
}

std::string TempDir::file(const std::string& name) const { return path_ + "/" + name; }

void writeFile(const std::string& path, const std::string& bytes) {
  Poco::File(Poco::Path(path).parent()).createDirectories();
  Poco::FileOutputStream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

std::string readFile(const std::string& path) {
  Poco::FileInputStream in(path, std::ios::binary);
  std::string bytes;
  Poco::StreamCopier::copyToString(in, bytes);
  return bytes;
}

ProcessResult runProcess(const std::string& program, const std::vector<std::string>& args,
                         const std::map<std::string, std::string>& env,
                         const std::string& workingDir) {
  Poco::Pipe outPipe;
  Poco::Pipe errPipe;
  Poco::Process::Env environment(env.begin(), env.end());
  Poco::ProcessHandle handle =
      Poco::Process::launch(program, Poco::Process::Args(args.begin(), args.end()),
                            workingDir.empty() ? Poco::Path::current() : workingDir, nullptr,
                            &outPipe, &errPipe, environment);
  ProcessResult result;
  // Read both pipes at once so that a chatty child never blocks on a full pipe.
  std::thread errReader([&] {
    Poco::PipeInputStream err(errPipe);
    Poco::StreamCopier::copyToString(err, result.err);
  });
  Poco::PipeInputStream out(outPipe);
  Poco::StreamCopier::copyToString(out, result.out);
  errReader.join();
  result.exitCode = handle.wait();
  return result;
}

ProcessResult runRacesync(const std::vector<std::string>& args,
                          const std::map<std::string, std::string>& env) {
  return runProcess(RACESYNC_BINARY, args, racesyncEnvironment(args, env));
}

bool onPostgres() { return !testPg().empty(); }

std::string testStateUrl(const std::string& dirPath) {
  if (!onPostgres()) return "";
  const std::string name = databaseName(dirPath);
  {
    std::lock_guard<std::mutex> lock(registryMutex);
    if (createdDatabases().count(name) == 0) {
      createDatabase(name);
      createdDatabases().insert(name);
    }
  }
  return "postgresql://" + pgSetting("user") + "@" + pgSetting("host") + ":" + pgSetting("port") +
         "/" + name;
}

std::map<std::string, std::string> racesyncEnvironment(const std::vector<std::string>& args,
                                                       std::map<std::string, std::string> env,
                                                       const std::string& workingDir) {
  if (!onPostgres() || env.count("RACESYNC_STATE_URL") != 0) return env;
  std::string dir;  // the innermost live TempDir that an argument or the working folder is in
  {
    std::lock_guard<std::mutex> lock(registryMutex);
    std::vector<std::string> places(args);
    places.push_back(workingDir);
    for (const std::string& live : liveDirs()) {
      for (const std::string& place : places) {
        bool inside = place == live || place.rfind(live + "/", 0) == 0;
        if (inside && live.size() > dir.size()) dir = live;
      }
    }
  }
  if (!dir.empty()) env["RACESYNC_STATE_URL"] = testStateUrl(dir);
  return env;
}

std::unique_ptr<StateStore> openTestStore(const std::string& configPath) {
  Settings settings = Settings::load(configPath, racesyncEnvironment({configPath}, {}));
  return std::make_unique<StateStore>(stateLocation(settings), settings.fileModes());
}

void useDemoState(const std::string& configPath, const std::string& demoDb) {
  if (!onPostgres()) return;
  ProcessResult imported = runRacesync({"state", "import", "-c", configPath, "--from", demoDb});
  if (imported.exitCode != 0) {
    throw std::runtime_error("state import of " + demoDb + ": " + imported.out + imported.err);
  }
}

std::string decodeQr(const std::string& path) {
  ProcessResult result =
      runProcess("/usr/bin/zbarimg", {"--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", path});
  if (result.exitCode != 0) return "";
  std::string text = result.out;
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  return text;
}

std::string sourceDir() { return RACESYNC_SOURCE_DIR; }

std::string fixturesDir() { return sourceDir() + "/tests/fixtures"; }

std::string exportFixture(const std::string& name) { return fixturesDir() + "/exports/" + name; }

void copySamples(const TempDir& dir) {
  const std::string samples = sourceDir() + "/samples/";
  for (const char* file : {"registrations.csv", "anmeldungen-de.csv", "racesync.ini"}) {
    writeFile(dir.file(file), readFile(samples + file));
  }
}

std::string racesyncBinary() { return RACESYNC_BINARY; }

std::string buildDir() { return RACESYNC_BUILD_DIR; }

std::string cpackCommand() { return RACESYNC_CPACK; }

}  // namespace racesync::test
