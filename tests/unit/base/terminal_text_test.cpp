#include "core/base/terminal_text.h"

#include <boost/test/unit_test.hpp>

using racesync::terminalLine;
using racesync::terminalText;

BOOST_AUTO_TEST_SUITE(terminal_text_test)

BOOST_AUTO_TEST_CASE(a_bib_that_clears_the_screen_and_retitles_the_window_is_shown_not_run) {
  // The bib of issue 14: erase display, set window title, bell.
  BOOST_TEST(terminalLine("4\x1b[2J\x1b]0;PWNED\a") == "4\\x1b[2J\\x1b]0;PWNED\\x07");
}

BOOST_AUTO_TEST_CASE(escapes_every_c0_byte_and_del_in_a_line) {
  BOOST_TEST(terminalLine(std::string("a\0b", 3)) == "a\\x00b");
  BOOST_TEST(terminalLine("x\ry\nz\tw\x7f") == "x\\x0dy\\x0az\\x09w\\x7f");
}

BOOST_AUTO_TEST_CASE(text_keeps_its_line_breaks_but_nothing_else) {
  BOOST_TEST(terminalText("plan:\n  bib 4\x1b[2J\n") == "plan:\n  bib 4\\x1b[2J\n");
  BOOST_TEST(terminalText("fake\rline\n") == "fake\\x0dline\n");
}

BOOST_AUTO_TEST_CASE(escapes_c1_controls_and_bidirectional_overrides) {
  // U+009B is a one-character CSI on terminals that honour C1; U+202E reverses what follows.
  BOOST_TEST(terminalLine("a\xc2\x9b"
                          "2Jb") == "a\\u009b2Jb");
  BOOST_TEST(terminalLine("evil\xe2\x80\xaetxt.exe") == "evil\\u202etxt.exe");
  BOOST_TEST(terminalLine("\xe2\x81\xa6x\xe2\x81\xa9") == "\\u2066x\\u2069");
}

BOOST_AUTO_TEST_CASE(leaves_letters_of_every_script_alone) {
  const std::string names = "Zoë Ødegård, Ђорђе, 山田太郎, محمد, ✓ \xc2\xa0nbsp";
  BOOST_TEST(terminalLine(names) == names);
  BOOST_TEST(terminalLine("a \xe2\x80\x94 b") == "a \xe2\x80\x94 b");  // an em dash is no control
}

BOOST_AUTO_TEST_CASE(a_cut_sequence_at_the_end_is_left_as_it_is) {
  BOOST_TEST(terminalLine("x\xc2") == "x\xc2");
  BOOST_TEST(terminalLine("x\xe2\x80") == "x\xe2\x80");
}

BOOST_AUTO_TEST_SUITE_END()
