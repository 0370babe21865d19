#include "core/racemap/key_list_json.h"

#include <cstring>

namespace racesync {

namespace {

// A validating JSON scanner over one body that keeps only what parseKeyList needs.
class Scanner {
 public:
  explicit Scanner(const std::string& body) : p_(body.data()), begin_(p_), end_(p_ + body.size()) {}

  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }

  void space() {
    while (p_ < end_ && (*p_ == ' ' || *p_ == '\n' || *p_ == '\r' || *p_ == '\t')) ++p_;
  }
  bool peek(char c) {
    space();
    return p_ < end_ && *p_ == c;
  }
  bool take(char c) {
    if (!peek(c)) return false;
    ++p_;
    return true;
  }
  bool atEnd() {
    space();
    return p_ == end_;
  }
  void fail(const char* what) {
    if (error_.empty()) error_ = "at offset " + std::to_string(p_ - begin_) + ": " + what;
    p_ = end_;
  }

  // A string (the opening quote next), decoded into `out`.
  bool string(std::string& out) {
    out.clear();
    if (!take('"')) return fail("expected a string"), false;
    for (;;) {
      const char* start = p_;
      while (p_ < end_ && *p_ != '"' && *p_ != '\\' && static_cast<unsigned char>(*p_) >= 0x20)
        ++p_;
      out.append(start, p_);
      if (p_ >= end_) return fail("unterminated string"), false;
      if (*p_ == '"') return ++p_, true;
      if (*p_ != '\\') return fail("control character in a string"), false;
      if (!escape(out)) return false;
    }
  }

  // A number, true, false or null as JSON wrote it ("" for null).
  bool scalar(std::string& out) {
    space();
    for (const char* word : {"true", "false", "null"}) {
      const std::size_t n = std::strlen(word);
      if (static_cast<std::size_t>(end_ - p_) >= n && std::memcmp(p_, word, n) == 0) {
        p_ += n;
        out = word[0] == 'n' ? "" : word;
        return true;
      }
    }
    const char* start = p_;
    if (p_ < end_ && *p_ == '-') ++p_;
    if (!digits()) return fail("expected a value"), false;
    if (p_ < end_ && *p_ == '.' && (++p_, !digits())) return fail("bad number"), false;
    if (p_ < end_ && (*p_ == 'e' || *p_ == 'E')) {
      ++p_;
      if (p_ < end_ && (*p_ == '+' || *p_ == '-')) ++p_;
      if (!digits()) return fail("bad number"), false;
    }
    out.assign(start, p_);
    return true;
  }

  // Any value, skipped (objects and lists nested at most 512 deep).
  void skip(int depth = 0) {
    if (depth > 512) return fail("nested too deep");
    std::string ignored;
    if (peek('"')) {
      string(ignored);
    } else if (take('[')) {
      if (take(']')) return;
      do skip(depth + 1);
      while (ok() && take(','));
      if (ok() && !take(']')) fail("expected ',' or ']'");
    } else if (take('{')) {
      if (take('}')) return;
      do {
        if (!string(ignored)) return;
        if (!take(':')) return fail("expected ':'");
        skip(depth + 1);
      } while (ok() && take(','));
      if (ok() && !take('}')) fail("expected ',' or '}'");
    } else {
      scalar(ignored);
    }
  }

 private:
  bool digits() {
    const char* start = p_;
    while (p_ < end_ && *p_ >= '0' && *p_ <= '9') ++p_;
    return p_ > start;
  }

  bool hex4(unsigned& value) {
    if (end_ - p_ < 4) return fail("bad \\u escape"), false;
    value = 0;
    for (int i = 0; i < 4; ++i, ++p_) {
      const char c = *p_;
      value <<= 4;
      if (c >= '0' && c <= '9') {
        value |= static_cast<unsigned>(c - '0');
      } else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f') {
        value |= static_cast<unsigned>((c | 0x20) - 'a' + 10);
      } else {
        return fail("bad \\u escape"), false;
      }
    }
    return true;
  }

  bool escape(std::string& out) {
    ++p_;  // the backslash
    if (p_ >= end_) return fail("unterminated string"), false;
    const char c = *p_++;
    switch (c) {
      case '"':
      case '\\':
      case '/':
        out += c;
        return true;
      case 'b':
        out += '\b';
        return true;
      case 'f':
        out += '\f';
        return true;
      case 'n':
        out += '\n';
        return true;
      case 'r':
        out += '\r';
        return true;
      case 't':
        out += '\t';
        return true;
      case 'u':
        break;
      default:
        return fail("bad escape"), false;
    }
    unsigned code = 0;
    if (!hex4(code)) return false;
    if (code >= 0xD800 && code <= 0xDBFF && end_ - p_ >= 6 && p_[0] == '\\' && p_[1] == 'u') {
      p_ += 2;
      unsigned low = 0;
      if (!hex4(low)) return false;
      code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
    }
    appendUtf8(out, code);
    return true;
  }

  static void appendUtf8(std::string& out, unsigned code) {
    if (code < 0x80) {
      out += static_cast<char>(code);
    } else if (code < 0x800) {
      out += static_cast<char>(0xC0 | (code >> 6));
      out += static_cast<char>(0x80 | (code & 0x3F));
    } else if (code < 0x10000) {
      out += static_cast<char>(0xE0 | (code >> 12));
      out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (code & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (code >> 18));
      out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (code & 0x3F));
    }
  }

  const char* p_;
  const char* begin_;
  const char* end_;
  std::string error_;
};

bool isListName(const std::string& name) {
  return name == "data" || name == "items" || name == "keys" || name == "starters";
}

// The text of one item, or of the "key" field of an object item; kNotAString for an object or a
// list where a text belongs (`path` names it).
KeyListFault itemText(Scanner& in, std::string& out, const std::string& list, std::size_t index,
                      std::string& why) {
  // Built only for the message: the item's place, "data[3]".
  auto path = [&] { return list + "[" + std::to_string(index) + "]"; };
  if (in.peek('"')) return in.string(out), KeyListFault::kNone;
  if (in.peek('[')) return why = path(), KeyListFault::kNotAString;
  if (!in.take('{')) return in.scalar(out), KeyListFault::kNone;
  out.clear();
  if (in.take('}')) return KeyListFault::kNone;
  std::string name;
  do {
    if (!in.string(name)) return KeyListFault::kNone;
    if (!in.take(':')) return in.fail("expected ':'"), KeyListFault::kNone;
    if (name != "key") {
      in.skip();
    } else if (in.peek('"')) {
      in.string(out);
    } else if (in.peek('[') || in.peek('{')) {
      return why = path() + ".key", KeyListFault::kNotAString;
    } else {
      in.scalar(out);
    }
  } while (in.ok() && in.take(','));
  if (in.ok() && !in.take('}')) in.fail("expected ',' or '}'");
  return KeyListFault::kNone;
}

// The items of a list (the '[' next), appended to `keys`.
KeyListFault readList(Scanner& in, const std::string& path, std::vector<std::string>& keys,
                      std::string& why) {
  in.take('[');
  if (in.take(']')) return KeyListFault::kNone;
  std::string text;
  do {
    KeyListFault fault = itemText(in, text, path, keys.size(), why);
    if (fault != KeyListFault::kNone) return fault;
    keys.push_back(text);
  } while (in.ok() && in.take(','));
  if (in.ok() && !in.take(']')) in.fail("expected ',' or ']'");
  return KeyListFault::kNone;
}

// An object at the top: the first list under one of the list names, in the order isListName
// gives them precedence (data, items, keys, starters).
KeyListFault readObject(Scanner& in, std::vector<std::string>& keys, std::string& why) {
  static const char* const kOrder[] = {"data", "items", "keys", "starters"};
  in.take('{');
  int best = 4;  // index into kOrder of the list kept so far
  if (in.take('}')) return KeyListFault::kNoList;
  std::string name;
  do {
    if (!in.string(name)) break;
    if (!in.take(':')) return in.fail("expected ':'"), KeyListFault::kNone;
    int rank = 4;
    for (int i = 0; i < 4; ++i) {
      if (name == kOrder[i]) rank = i;
    }
    if (rank < best && isListName(name) && in.peek('[')) {
      std::vector<std::string> list;
      std::string listWhy;
      KeyListFault fault = readList(in, name, list, listWhy);
      if (fault != KeyListFault::kNone) return why = listWhy, fault;
      best = rank;
      keys = std::move(list);
    } else {
      in.skip();
    }
  } while (in.ok() && in.take(','));
  if (in.ok() && !in.take('}')) in.fail("expected ',' or '}'");
  return best < 4 ? KeyListFault::kNone : KeyListFault::kNoList;
}

}  // namespace

KeyListFault parseKeyList(const std::string& body, std::vector<std::string>& keys,
                          std::string& why) {
  keys.clear();
  why.clear();
  Scanner in(body);
  KeyListFault fault = KeyListFault::kNoList;
  if (in.peek('[')) {
    fault = readList(in, "", keys, why);
  } else if (in.peek('{')) {
    fault = readObject(in, keys, why);
  } else {
    in.skip();
  }
  // A text where a key belongs stops the reading there: the rest is not looked at.
  if (fault != KeyListFault::kNotAString && in.ok() && !in.atEnd()) {
    in.fail("unexpected text after the answer");
  }
  if (!in.ok()) {
    keys.clear();
    why = in.error();
    return KeyListFault::kNotJson;
  }
  if (fault != KeyListFault::kNone) keys.clear();
  return fault;
}

}  // namespace racesync
