// Progress for people: like ninja, one status line overwritten in place on a terminal
// ("[120/312] links: bib 42"), plain lines one per step under cron, nothing but errors with -q.
// Every text it is handed is printed through terminalLine (terminal_text.h): data never reaches
// the terminal as a control sequence.
#pragma once

#include <chrono>
#include <ostream>
#include <string>

#include "core/run/progress.h"

namespace racesync {

class ConsoleProgress : public Progress {
 public:
  enum class Verbosity { kQuiet, kNormal, kVerbose };

  // `terminal`: `out` is a TTY, so the status line may be redrawn in place; `color`: ANSI colours
  // are welcome (false when NO_COLOR is set or there is no terminal).
  ConsoleProgress(std::ostream& out, bool terminal, bool color, Verbosity verbosity);

  void stepStarted(const std::string& step, long long total) override;
  void advanced(const std::string& item) override;
  void stepFinished(const std::string& step, const std::string& summary) override;
  void warning(const std::string& message) override;
  void exchanged(const std::string& method, const std::string& url, int status,
                 long long elapsedMs) override;

  // Ends the status line so that what follows starts on a fresh line.
  void finish();

 private:
  void clearLine();
  std::string paint(const char* code, const std::string& text) const;

  std::ostream& out_;
  bool terminal_;
  bool color_;
  Verbosity verbosity_;
  std::string step_;
  long long done_ = 0;
  long long total_ = 0;
  bool lineOpen_ = false;
  std::chrono::steady_clock::time_point lastDraw_;
};

}  // namespace racesync
