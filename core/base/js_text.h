// Text put inside a JavaScript string literal, wherever that literal ends up: a .js file loaded by
// a <script> tag, or a <script> block inside HTML. One escaper for all of them, so a name like
// "</script>" or one holding U+2028 can never end the string, the script or the page's markup.
#pragma once

#include <string>

namespace racesync {

// `text` (UTF-8) escaped for the inside of a JavaScript string literal in either quote: '\\', '"'
// and '\'' get a backslash; control characters, '<', '>', '&', U+2028 and U+2029 become \uXXXX
// (so "</script>" and "<!--" cannot appear, and the old JSON-in-JS line terminators cannot end a
// line). Bytes that are not valid UTF-8 become U+FFFD. Pure; never throws.
std::string jsText(const std::string& text);

// jsText(text) between double quotes: a complete literal.
std::string jsString(const std::string& text);

}  // namespace racesync
