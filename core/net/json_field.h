// The one guarded path for reading a remote answer's JSON. A JsonField is a value of an answer
// that knows the call it came from ("POST /v1/...") and its place in the answer
// ("data.errors[2].index"), so that a missing or wrongly typed field is a RemoteError naming
// both, never a Poco exception; every text it hands out has the sender's secrets scrubbed.
#pragma once

#include <Poco/Dynamic/Var.h>

#include <cstddef>
#include <memory>
#include <string>

namespace racesync {

class SecretScrubber;

class JsonField {
 public:
  // A null value of no call (what a field holds before anything was parsed).
  JsonField();

  // Parses `body`, the answer of `call` ("GET /api/inspect"). Returns false, leaving `out` null
  // and the parser's words in `why`, when the body is not JSON. Never throws. `scrubber` (may be
  // null) cleans every text read from the answer.
  static bool parse(const std::string& call, const std::string& body,
                    std::shared_ptr<const SecretScrubber> scrubber, JsonField& out,
                    std::string& why);

  bool isNull() const;  // JSON null, or a field the answer does not have
  bool isObject() const;
  bool isArray() const;
  bool isString() const;
  bool isNumber() const;
  bool isInteger() const;  // a number without fraction or exponent as JSON wrote it
  bool isBoolean() const;

  // The field `name` of this object (null when absent). Throws RemoteError when this is not an
  // object.
  JsonField field(const std::string& name) const;
  // Item `index` of this list (null past the end). Throws RemoteError when this is not a list.
  JsonField at(std::size_t index) const;
  // The number of items of this list. Throws RemoteError when this is not a list.
  std::size_t size() const;

  // A string, or a number or true/false written as text; "" for null. Throws RemoteError for an
  // object or a list.
  std::string text() const;
  // text() for a string, number or boolean, "" for anything else: never throws (for describing
  // error answers, which must never fail themselves).
  std::string scalarText() const;
  // The value as JSON text (for values kept as they came).
  std::string jsonText() const;
  // A whole number (or a string holding one) within long long; `fallback` for null. Throws
  // RemoteError for anything else.
  long long integerOr(long long fallback) const;
  // A number as double. Throws RemoteError when this is not a number.
  double number() const;
  // true/false, a number (not 0) or a string ("", "0" and "false" are false); false for null.
  // Throws RemoteError for an object or a list.
  bool flag() const;

  // "data.errors[2].index"; "" for the answer itself.
  const std::string& path() const { return path_; }
  // Throws RemoteError "<call>: answer field '<path>' <problem>" ("<call>: the answer <problem>"
  // for the whole answer), e.g. problem "is not a number".
  [[noreturn]] void fail(const std::string& problem) const;

 private:
  struct Context {
    std::string call;
    std::shared_ptr<const SecretScrubber> scrubber;
  };
  JsonField(std::shared_ptr<const Context> context, Poco::Dynamic::Var value, std::string path);
  std::string scrubbed(std::string text) const;

  std::shared_ptr<const Context> context_;
  Poco::Dynamic::Var value_;
  std::string path_;
};

}  // namespace racesync
