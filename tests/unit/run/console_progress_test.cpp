#include "core/run/console_progress.h"

#include <sstream>

#include <boost/test/unit_test.hpp>

using racesync::ConsoleProgress;

BOOST_AUTO_TEST_SUITE(console_progress_test)

BOOST_AUTO_TEST_CASE(plain_lines_without_a_terminal_and_nothing_per_row) {
  std::ostringstream out;
  ConsoleProgress progress(out, false, true, ConsoleProgress::Verbosity::kNormal);
  progress.stepStarted("links", 3);
  progress.advanced("bib 1");
  progress.advanced("bib 2");
  progress.advanced("bib 3");
  progress.stepFinished("links", "3 QR codes written");
  progress.exchanged("GET", "http://x/api/inspect", 200, 5);
  progress.finish();
  BOOST_TEST(out.str() == "links: 3 QR codes written\n");
}

BOOST_AUTO_TEST_CASE(status_line_is_redrawn_in_place_on_a_terminal) {
  std::ostringstream out;
  ConsoleProgress progress(out, true, false, ConsoleProgress::Verbosity::kNormal);
  progress.stepStarted("links", 2);
  progress.advanced("bib 1");
  progress.stepFinished("links", "2 QR codes written");
  BOOST_TEST(out.str() == "[1/2] links: bib 1\r\x1b[Klinks: 2 QR codes written\n");
}

BOOST_AUTO_TEST_CASE(colour_only_when_asked) {
  std::ostringstream plain;
  ConsoleProgress noColor(plain, true, false, ConsoleProgress::Verbosity::kNormal);
  noColor.warning("race 'Marathon' has started");
  BOOST_TEST(plain.str() == "warning: race 'Marathon' has started\n");
  std::ostringstream colored;
  ConsoleProgress color(colored, true, true, ConsoleProgress::Verbosity::kNormal);
  color.warning("x");
  BOOST_TEST(colored.str() == "\x1b[33mwarning\x1b[0m: x\n");
}

BOOST_AUTO_TEST_CASE(verbose_shows_remote_calls_and_quiet_shows_nothing) {
  std::ostringstream verbose;
  ConsoleProgress loud(verbose, false, false, ConsoleProgress::Verbosity::kVerbose);
  loud.exchanged("POST", "http://127.0.0.1:9/v1/events/e/races/r/athletes:import", 200, 12);
  BOOST_TEST(verbose.str() ==
             "POST http://127.0.0.1:9/v1/events/e/races/r/athletes:import 200 12 ms\n");
  std::ostringstream quiet;
  ConsoleProgress silent(quiet, false, false, ConsoleProgress::Verbosity::kQuiet);
  silent.stepFinished("import", "3 registrants");
  silent.warning("junk");
  BOOST_TEST(quiet.str().empty());
}

BOOST_AUTO_TEST_CASE(a_bib_with_terminal_escapes_reaches_the_status_line_escaped) {
  // Issue 14, item 6: a bib of 4\e[2J\e]0;PWNED\a cleared the screen and retitled the window.
  std::ostringstream out;
  ConsoleProgress progress(out, true, false, ConsoleProgress::Verbosity::kVerbose);
  progress.stepStarted("links", 1);
  progress.advanced("bib 4\x1b[2J\x1b]0;PWNED\a");
  progress.warning("race 'X\x1b[31m' unknown\nfake line");
  progress.stepFinished("links", "done\r");
  progress.exchanged("GET", "http://127.0.0.1/a\x1b[2J", 200, 1);
  const std::string text = out.str();
  BOOST_TEST(text.find("bib 4\\x1b[2J\\x1b]0;PWNED\\x07") != std::string::npos, text);
  BOOST_TEST(text.find("race 'X\\x1b[31m' unknown\\x0afake line\n") != std::string::npos, text);
  BOOST_TEST(text.find("links: done\\x0d\n") != std::string::npos, text);
  BOOST_TEST(text.find("/a\\x1b[2J 200") != std::string::npos, text);
  // Only the line's own redraw sequence is left: "\r\x1b[K" before each new line.
  std::string rest = text;
  for (std::size_t at; (at = rest.find("\r\x1b[K")) != std::string::npos;) rest.erase(at, 4);
  BOOST_TEST(rest.find('\x1b') == std::string::npos, rest);
  BOOST_TEST(rest.find('\a') == std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
