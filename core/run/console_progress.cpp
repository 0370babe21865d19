#include "core/run/console_progress.h"

#include "core/base/terminal_text.h"

namespace racesync {

namespace {

// Redrawing more often than this only costs time: a person cannot read faster.
constexpr auto kRedrawInterval = std::chrono::milliseconds(50);

}  // namespace

ConsoleProgress::ConsoleProgress(std::ostream& out, bool terminal, bool color, Verbosity verbosity)
    : out_(out), terminal_(terminal), color_(color && terminal), verbosity_(verbosity) {}

std::string ConsoleProgress::paint(const char* code, const std::string& text) const {
  if (!color_) return text;
  return std::string("\x1b[") + code + "m" + text + "\x1b[0m";
}

void ConsoleProgress::clearLine() {
  if (lineOpen_) {
    out_ << "\r\x1b[K";
    lineOpen_ = false;
  }
}

void ConsoleProgress::stepStarted(const std::string& step, long long total) {
  step_ = step;
  done_ = 0;
  total_ = total;
  lastDraw_ = std::chrono::steady_clock::time_point();
}

void ConsoleProgress::advanced(const std::string& item) {
  ++done_;
  if (!terminal_ || verbosity_ == Verbosity::kQuiet) return;
  auto now = std::chrono::steady_clock::now();
  if (now - lastDraw_ < kRedrawInterval && done_ != total_) return;
  lastDraw_ = now;
  clearLine();
  out_ << "[" << done_ << "/" << (total_ > 0 ? std::to_string(total_) : std::string("?")) << "] "
       << paint("1", terminalLine(step_)) << ": " << terminalLine(item) << std::flush;
  lineOpen_ = true;
}

void ConsoleProgress::stepFinished(const std::string& step, const std::string& summary) {
  if (verbosity_ == Verbosity::kQuiet) return;
  clearLine();
  out_ << paint("1", terminalLine(step)) << ": " << terminalLine(summary) << "\n" << std::flush;
}

void ConsoleProgress::warning(const std::string& message) {
  if (verbosity_ == Verbosity::kQuiet) return;
  clearLine();
  out_ << paint("33", "warning") << ": " << terminalLine(message) << "\n" << std::flush;
}

void ConsoleProgress::exchanged(const std::string& method, const std::string& url, int status,
                                long long elapsedMs) {
  if (verbosity_ != Verbosity::kVerbose) return;
  clearLine();
  out_ << terminalLine(method) << " " << terminalLine(url) << " "
       << paint(status >= 400 ? "31" : "32", std::to_string(status)) << " " << elapsedMs << " ms\n"
       << std::flush;
}

void ConsoleProgress::finish() {
  clearLine();
  out_ << std::flush;
}

}  // namespace racesync
