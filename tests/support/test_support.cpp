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

#include <stdexcept>
#include <thread>

namespace racesync::test {

TempDir::TempDir() {
  path_ = Poco::TemporaryFile::tempName();
  Poco::File(path_).createDirectories();
}

TempDir::~TempDir() {
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
  return runProcess(RACESYNC_BINARY, args, env);
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

std::string racesyncBinary() { return RACESYNC_BINARY; }

std::string buildDir() { return RACESYNC_BUILD_DIR; }

std::string cpackCommand() { return RACESYNC_CPACK; }

}  // namespace racesync::test
