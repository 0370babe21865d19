// The subcommands of racesync (docs/CONTRACT.md §6), behind the thin driver in jobs/racesync.cpp.
// They write to the streams they are given and return the process exit status; they throw
// RacesyncError for the driver to map.
#pragma once

#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "core/config/settings.h"
#include "core/run/step.h"
#include "jobs/data_dir.h"

namespace racesync {

struct CommandLine {
  std::string command;  // run | status | inspect | labels | lookup | state | demo | sandbox
  std::string configPath;
  std::string steps;  // --steps, "" for all
  RunOptions run;
  bool noMail = false;
  bool json = false;
  bool quiet = false;
  bool verbose = false;
  std::string outDir;           // demo --out
  int port = 0;                 // sandbox --port
  std::string source;           // demo --source csv|raceresult
  unsigned seed = 0;            // demo, sandbox --seed: the simulated RACEMAP's keys (0: random)
  bool sinceLastPrint = false;  // labels --since-last-print
  bool perRace = false;         // labels --per-race
  std::string text;             // lookup TEXT; state export|import
  std::string to;               // --to: run's resend address, state export's target store
  std::string from;             // state import --from: the store to copy
  bool replace = false;         // state --replace: overwrite a target that holds a state
};

// racesync run -c CONFIG [...]; the templates come from `data` unless templates.dir is set.
int runCommand(const CommandLine& line, const Environment& env, const DataDir& data,
               std::ostream& out, std::ostream& err, bool terminal);
// racesync inspect -c CONFIG: how the import reads each export (encoding, rows, column mapping).
int inspectCommand(const CommandLine& line, const Environment& env, std::ostream& out);
// racesync status -c CONFIG [--json]
int statusCommand(const CommandLine& line, const Environment& env, std::ostream& out);
// racesync labels -c CONFIG [--since-last-print] [--per-race] [--dry-run]: labels.pdf in out.dir
// from the store's active registrants with a link, recorded as printed.
int labelsCommand(const CommandLine& line, const Environment& env, std::ostream& out);
// racesync lookup -c CONFIG TEXT: the registrants TEXT names (bib, id, email or name) with their
// key, link, QR file, mail, RaceRanger push and problems. Throws UsageError listing the nearest
// registrants when none matches.
int lookupCommand(const CommandLine& line, const Environment& env, std::ostream& out);
// racesync sandbox [--port N] [-c CONFIG]: starts the simulated services seeded from CONFIG (or
// from the samples/racesync.ini of `data`), prints how to use them, and keeps them up until
// `waitForStop` returns.
int sandboxCommand(const CommandLine& line, const DataDir& data, std::ostream& out,
                   const std::function<void()>& waitForStop);

}  // namespace racesync
