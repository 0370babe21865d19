// Text from data (a bib, a name, a server's message) made safe to print on a terminal: control
// characters become visible escapes, so that a registrant cannot clear the screen, retitle the
// window or fake a line with `4\e[2J\e]0;PWNED\a` as a bib. Every progress line, plan, summary
// and error racesync prints goes through here.
#pragma once

#include <string>

namespace racesync {

// `text` with every control character shown as an escape: C0 bytes and DEL as \xHH (newline and
// tab included: the text is one line), C1 controls (U+0080..U+009F) and the bidirectional
// overrides and isolates (U+202A..U+202E, U+2066..U+2069) as \uHHHH. Everything else, UTF-8
// letters of every script included, stays as it is.
std::string terminalLine(const std::string& text);

// As terminalLine, but keeps line breaks ('\n'): for text of several lines (a plan, a summary).
std::string terminalText(const std::string& text);

}  // namespace racesync
