#include "tests/support/smtp_server.h"

#include <Poco/DirectoryIterator.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Path.h>
#include <Poco/PipeStream.h>

#include <algorithm>
#include <stdexcept>

#include "tests/support/test_support.h"

namespace racesync::test {

namespace {

std::string supportScript(const std::string& name) {
  return sourceDir() + "/tests/support/" + name;
}

Poco::JSON::Object::Ptr parseObject(const std::string& text) {
  Poco::JSON::Parser parser;
  return parser.parse(text).extract<Poco::JSON::Object::Ptr>();
}

}  // namespace

SmtpServer::SmtpServer(const std::string& dir, SmtpServerOptions options) : dir_(dir) {
  std::vector<std::string> args = {supportScript("smtp_server.py"), "--dir", dir};
  for (const auto& address : options.reject) {
    args.push_back("--reject");
    args.push_back(address);
  }
  if (options.dropAfter >= 0) {
    args.push_back("--drop-after");
    args.push_back(std::to_string(options.dropAfter));
  }
  if (!options.user.empty()) {
    args.insert(args.end(), {"--user", options.user, "--password", options.password});
  }
  if (!options.certFile.empty()) {
    args.insert(args.end(), {"--cert", options.certFile, "--key", options.keyFile});
    if (options.implicitTls) args.push_back("--implicit");
  }
  if (!options.save) args.push_back("--no-save");
  if (!options.killAt.empty()) {
    args.insert(args.end(), {"--kill-at", options.killAt, "--kill-pid-file", options.killPidFile});
  }
  handle_ = std::make_unique<Poco::ProcessHandle>(Poco::Process::launch(
      RACESYNC_TEST_PYTHON, args, Poco::Path::current(), &in_, &out_, nullptr));
  Poco::PipeInputStream out(out_);
  std::string line;
  std::getline(out, line);
  if (line.rfind("PORT ", 0) != 0) {
    in_.close(Poco::Pipe::CLOSE_WRITE);
    handle_->wait();
    throw std::runtime_error("smtp_server.py did not start: '" + line + "'");
  }
  port_ = std::stoi(line.substr(5));
}

SmtpServer::~SmtpServer() {
  in_.close(Poco::Pipe::CLOSE_WRITE);  // EOF on the server's stdin: it stops
  handle_->wait();
}

std::vector<Poco::JSON::Object::Ptr> SmtpServer::messages() const {
  std::vector<std::string> files;
  for (Poco::DirectoryIterator it(dir_), end; it != end; ++it) {
    if (Poco::Path(it.path()).getExtension() == "json") files.push_back(it.path().toString());
  }
  std::sort(files.begin(), files.end());
  std::vector<Poco::JSON::Object::Ptr> messages;
  for (const auto& file : files) messages.push_back(parseObject(readFile(file)));
  return messages;
}

Poco::JSON::Object::Ptr inspectMail(const std::string& emlPath, const std::string& prefix) {
  ProcessResult result =
      runProcess(RACESYNC_TEST_PYTHON, {supportScript("mail_inspect.py"), emlPath, prefix});
  if (result.exitCode != 0) {
    throw std::runtime_error("mail_inspect.py " + emlPath + ": " + result.err);
  }
  return parseObject(result.out);
}

}  // namespace racesync::test
