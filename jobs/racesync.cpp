// racesync: the command-line driver. It parses options, hands the work to core/commands.h and maps
// exceptions to the exit codes of CONTRACT.md §6. Nothing else belongs here.
#include <Poco/Environment.h>
#include <Poco/Util/Application.h>
#include <Poco/Util/HelpFormatter.h>
#include <Poco/Util/OptionException.h>
#include <Poco/Util/OptionSet.h>

#include <unistd.h>

#include <iostream>

#include "core/commands.h"
#include "core/errors.h"

extern char** environ;

namespace {

using Poco::Util::Option;
using Poco::Util::OptionCallback;

const char* kUsage =
    "run -c CONFIG [--dry-run] [--steps LIST] [--no-mail] [--release-withdrawn] [--resend ID|all]\n"
    "       racesync status -c CONFIG [--json]\n"
    "       racesync demo [--out DIR] [--source csv|raceresult]\n"
    "       racesync sandbox [--port N]\n"
    "       racesync --help | --version";

class RacesyncApp : public Poco::Util::Application {
 public:
  racesync::CommandLine line;
  bool help = false;
  bool version = false;

 protected:
  void defineOptions(Poco::Util::OptionSet& options) override {
    auto flag = [&](const char* name, const char* shortName, const char* text, bool* target) {
      options.addOption(Option(name, shortName, text)
                            .callback(OptionCallback<RacesyncApp>(this, &RacesyncApp::setFlag)));
      flags_[name] = target;
    };
    auto value = [&](const char* name, const char* shortName, const char* text, const char* arg) {
      options.addOption(Option(name, shortName, text)
                            .argument(arg)
                            .callback(OptionCallback<RacesyncApp>(this, &RacesyncApp::setValue)));
    };
    flag("help", "h", "print this help and exit", &help);
    flag("version", "", "print the version and exit", &version);
    value("config", "c", "the configuration file (.ini or .properties)", "CONFIG");
    flag("dry-run", "n", "run: read everything, write nothing remote, send nothing; print the plan",
         &line.run.dryRun);
    value("steps", "", "run: only these steps (import,keys,links,racemap,raceranger,mail)", "LIST");
    flag("no-mail", "", "run: skip the mail step", &line.noMail);
    flag("release-withdrawn", "", "run: free unused keys of withdrawn registrants",
         &line.run.releaseWithdrawn);
    value("resend", "", "run: mail this registration id again (or all); repeatable", "ID");
    flag("json", "", "status: one JSON object for monitoring", &line.json);
    flag("quiet", "q", "errors only", &line.quiet);
    flag("verbose", "v", "every remote call: method, path, status, milliseconds", &line.verbose);
    value("out", "o", "demo: where to write the demo's outputs", "DIR");
    value("port", "p", "sandbox: the port to listen on (0 picks a free one)", "N");
    value("source", "", "demo: where registrations come from: csv (default) or raceresult", "SRC");
  }

  void initialize(Application& self) override {
    Application::initialize(self);  // no configuration file of our own: settings come via -c
  }

  int main(const std::vector<std::string>& args) override {
    if (help) return printHelp(std::cout, racesync::exit_code::kOk);
    if (version) {
      std::cout << "racesync " << RACESYNC_VERSION << "\n";
      return racesync::exit_code::kOk;
    }
    if (args.size() != 1) {
      std::cerr << "racesync: " << (args.empty() ? "no command given" : "one command at a time")
                << ": try 'racesync --help'\n";
      return racesync::exit_code::kUsage;
    }
    line.command = args[0];
    racesync::Environment env;
    for (char** entry = environ; *entry; ++entry) {
      std::string text(*entry);
      auto equals = text.find('=');
      if (equals != std::string::npos) env[text.substr(0, equals)] = text.substr(equals + 1);
    }
    try {
      if ((line.command == "run" || line.command == "status") && line.configPath.empty()) {
        throw racesync::UsageError(line.command + ": -c CONFIG is required");
      }
      if (line.command == "run") {
        return racesync::runCommand(line, env, std::cout, std::cerr, isatty(STDOUT_FILENO) != 0);
      }
      if (line.command == "status") return racesync::statusCommand(line, env, std::cout);
      throw racesync::UsageError("unknown command '" + line.command + "'");
    } catch (const racesync::UsageError& e) {
      std::cerr << "racesync: " << e.message() << ": try 'racesync --help'\n";
      return racesync::exit_code::kUsage;
    } catch (const Poco::Exception& e) {
      std::cerr << "racesync: " << (e.message().empty() ? e.displayText() : e.message()) << "\n";
      return racesync::exitCodeFor(e);
    }
  }

 private:
  void setFlag(const std::string& name, const std::string&) { *flags_.at(name) = true; }
  void setValue(const std::string& name, const std::string& value) {
    if (name == "config") line.configPath = value;
    if (name == "steps") line.steps = value;
    if (name == "resend") line.run.resend.push_back(value);
    if (name == "out") line.outDir = value;
    if (name == "source") line.source = value;
    if (name == "port") {
      try {
        line.port = std::stoi(value);
      } catch (const std::exception&) {
        throw Poco::Util::InvalidArgumentException("--port takes a number, not '" + value + "'");
      }
    }
  }

  int printHelp(std::ostream& out, int status) {
    Poco::Util::HelpFormatter formatter(options());
    formatter.setCommand("racesync");
    formatter.setUsage(kUsage);
    formatter.setHeader(
        "Turns race registration exports into RACEMAP keys, QR codes, RaceRanger "
        "athletes and one email per registrant.");
    formatter.setFooter(
        "Secrets come from the environment: RACEMAP_TOKEN, RACERANGER_API_KEY, "
        "SMTP_PASSWORD, RACERESULT_API_KEY. Exit: 0 done, 64 usage, 65 input, "
        "69 service, 75 temporary, 78 configuration.");
    formatter.format(out);
    return status;
  }

  std::map<std::string, bool*> flags_;
};

}  // namespace

int main(int argc, char** argv) {
  RacesyncApp app;
  try {
    app.init(argc, argv);
  } catch (const Poco::Exception& e) {
    std::cerr << "racesync: " << e.displayText() << ": try 'racesync --help'\n";
    return racesync::exit_code::kUsage;
  }
  return app.run();
}
