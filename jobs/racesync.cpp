// racesync: the command-line driver. It parses options, hands the work to jobs/commands.h and maps
// exceptions to the exit codes of docs/CONTRACT.md §6. Nothing else belongs here.
#include <Poco/Environment.h>
#include <Poco/NumberParser.h>
#include <Poco/Util/Application.h>
#include <Poco/Util/OptionException.h>
#include <Poco/Util/OptionSet.h>

#include <signal.h>
#include <unistd.h>

#include <iostream>

#include "core/base/errors.h"
#include "core/base/terminal_text.h"
#include "jobs/commands.h"
#include "jobs/demo.h"
#include "jobs/help_text.h"
#include "jobs/state_command.h"

extern char** environ;

namespace {

using Poco::Util::Option;
using Poco::Util::OptionCallback;

sigset_t stopSignals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  return signals;
}

// Blocks until SIGINT or SIGTERM (masked in main, so that only this wait receives them).
void waitForStop() {
  sigset_t signals = stopSignals();
  int received = 0;
  sigwait(&signals, &received);
}

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
    value("steps", "",
          "run: only these steps (import,keys,links,racemap,raceranger,raceresult,mail)", "LIST");
    flag("no-mail", "", "run: skip the mail step", &line.noMail);
    flag("release-withdrawn", "", "run: free unused keys of withdrawn registrants",
         &line.run.releaseWithdrawn);
    flag("allow-shrink", "", "run: withdraw past registrations.max_withdraw_percent this once",
         &line.run.allowShrink);
    value("resend", "", "run: mail this bib, id or email again (or all); repeatable", "ID");
    value("to", "",
          "run: send the one --resend mail to this address instead, this once; state export: "
          "the store to copy to",
          "ADDRESS");
    value("from", "", "state import: the store to copy from (SQLite path or postgresql:// URL)",
          "STORE");
    flag("replace", "", "state: overwrite a target store that holds a state", &line.replace);
    flag("since-last-print", "", "labels: only labels new or changed since the last print",
         &line.sinceLastPrint);
    flag("per-race", "", "labels: one PDF per race", &line.perRace);
    flag("json", "", "status: one JSON object for monitoring", &line.json);
    flag("quiet", "q", "errors only", &line.quiet);
    flag("verbose", "v", "every remote call: method, path, status, milliseconds", &line.verbose);
    value("out", "o", "demo: where to write the demo's outputs", "DIR");
    value("port", "p", "sandbox: the port to listen on (0 picks a free one)", "N");
    value("source", "", "demo: where registrations come from: csv (default) or raceresult", "SRC");
    value("seed", "", "demo, sandbox: seed the simulated RACEMAP's keys (same seed, same keys)",
          "N");
  }

  int main(const std::vector<std::string>& args) override {
    if (help) {
      std::cout << racesync::helpText(args.empty() ? "" : args[0]);
      return racesync::exit_code::kOk;
    }
    if (version) {
      std::cout << "racesync " << RACESYNC_VERSION << "\n";
      return racesync::exit_code::kOk;
    }
    bool takesText = !args.empty() && (args[0] == "lookup" || args[0] == "state");
    if (args.empty() || (args.size() > 1 && !takesText) ||
        (args.size() > 2 && args[0] == "state")) {
      std::cerr << "racesync: " << (args.empty() ? "no command given" : "one command at a time")
                << ": try 'racesync --help'\n";
      return racesync::exit_code::kUsage;
    }
    line.command = args[0];
    for (std::size_t i = 1; i < args.size(); ++i) line.text += (i > 1 ? " " : "") + args[i];
    racesync::Environment env;
    for (char** entry = environ; *entry; ++entry) {
      std::string text(*entry);
      auto equals = text.find('=');
      if (equals != std::string::npos) env[text.substr(0, equals)] = text.substr(equals + 1);
    }
    try {
      return dispatch(env);
    } catch (const racesync::UsageError& e) {
      std::cerr << "racesync: " << e.message() << ": try 'racesync --help'\n";
      return racesync::exit_code::kUsage;
    } catch (const racesync::RacesyncError& e) {
      std::cerr << "racesync: "
                << racesync::terminalText(e.message().empty() ? e.displayText() : e.message())
                << "\n";
      return racesync::exitCodeFor(e);
    } catch (const Poco::Exception& e) {
      std::cerr << "racesync: "
                << racesync::terminalText(racesync::unexpectedFailure(e.displayText())) << "\n";
      return racesync::exitCodeFor(e);
    } catch (const std::exception& e) {
      // Poco's Application would turn it into exit 70, which docs/CONTRACT.md does not know.
      std::cerr << "racesync: " << racesync::terminalText(racesync::unexpectedFailure(e.what()))
                << "\n";
      return racesync::exit_code::kTemporary;
    }
  }

 private:
  // Checks what every command needs, then runs line.command.
  int dispatch(const racesync::Environment& env) {
    const racesync::DataDir data = racesync::DataDir::ofThisProgram();
    const std::string& command = line.command;
    bool needsConfig = command == "run" || command == "status" || command == "inspect" ||
                       command == "labels" || command == "lookup" || command == "state";
    if (needsConfig && line.configPath.empty()) {
      throw racesync::UsageError(command + ": -c CONFIG is required");
    }
    if (command == "lookup" && line.text.empty()) {
      throw racesync::UsageError("lookup: say whom to look up: a bib, an id, an email or a name");
    }
    if (command != "state") line.run.resendTo = line.to;
    if (!line.run.resendTo.empty() && line.run.resend.empty()) {
      throw racesync::UsageError("--to: name the registrant whose mail it gets with --resend");
    }
    if (command == "run") {
      return racesync::runCommand(line, env, data, std::cout, std::cerr,
                                  isatty(STDOUT_FILENO) != 0);
    }
    if (command == "status") return racesync::statusCommand(line, env, std::cout);
    if (command == "inspect") return racesync::inspectCommand(line, env, std::cout);
    if (command == "labels") return racesync::labelsCommand(line, env, std::cout);
    if (command == "lookup") return racesync::lookupCommand(line, env, std::cout);
    if (command == "state") return racesync::stateCommand(line, env, std::cout);
    if (command == "demo") return racesync::demoCommand(line, data, std::cout, isatty(1) != 0);
    if (command == "sandbox") return racesync::sandboxCommand(line, data, std::cout, waitForStop);
    throw racesync::UsageError("unknown command '" + command + "'");
  }

  void setFlag(const std::string& name, const std::string&) { *flags_.at(name) = true; }
  void setValue(const std::string& name, const std::string& value) {
    if (name == "config") line.configPath = value;
    if (name == "steps") line.steps = value;
    if (name == "resend") line.run.resend.push_back(value);
    if (name == "to") line.to = value;
    if (name == "from") line.from = value;
    if (name == "out") line.outDir = value;
    if (name == "source") line.source = value;
    if (name == "seed") {
      unsigned seed = 0;
      if (!Poco::NumberParser::tryParseUnsigned(value, seed)) {
        throw Poco::Util::InvalidArgumentException("--seed takes a whole number, not '" + value +
                                                   "'");
      }
      line.seed = seed;
    }
    if (name == "port") {
      try {
        line.port = std::stoi(value);
      } catch (const std::exception&) {
        throw Poco::Util::InvalidArgumentException("--port takes a number, not '" + value + "'");
      }
    }
  }

  std::map<std::string, bool*> flags_;
};

}  // namespace

int main(int argc, char** argv) {
  // The sandbox's server threads inherit this mask, so Ctrl-C reaches waitForStop() alone.
  sigset_t signals = stopSignals();
  if (argc > 1 && std::string(argv[1]) == "sandbox") pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  RacesyncApp app;
  try {
    app.init(argc, argv);
  } catch (const Poco::Exception& e) {
    std::cerr << "racesync: " << e.displayText() << ": try 'racesync --help'\n";
    return racesync::exit_code::kUsage;
  }
  return app.run();
}
