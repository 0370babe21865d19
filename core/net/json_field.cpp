#include "core/net/json_field.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/NumberParser.h>
#include <Poco/String.h>

#include <cmath>
#include <limits>
#include <sstream>

#include "core/base/errors.h"
#include "core/net/secret_scrubber.h"

namespace racesync {

JsonField::JsonField() = default;

JsonField::JsonField(std::shared_ptr<const Context> context, Poco::Dynamic::Var value,
                     std::string path)
    : context_(std::move(context)), value_(std::move(value)), path_(std::move(path)) {}

bool JsonField::parse(const std::string& call, const std::string& body,
                      std::shared_ptr<const SecretScrubber> scrubber, JsonField& out,
                      std::string& why) {
  out = JsonField();
  try {
    Poco::JSON::Parser parser;
    Poco::Dynamic::Var value = parser.parse(body);
    out = JsonField(std::make_shared<const Context>(Context{call, std::move(scrubber)}),
                    std::move(value), "");
    return true;
  } catch (const Poco::Exception& e) {
    why = e.message().empty() ? e.displayText() : e.message();
  } catch (const std::exception& e) {
    // The parser is not ours: whatever it throws on a body it cannot read means "not JSON".
    why = e.what();
  }
  return false;
}

bool JsonField::isNull() const { return value_.isEmpty(); }
bool JsonField::isObject() const { return value_.type() == typeid(Poco::JSON::Object::Ptr); }
bool JsonField::isArray() const { return value_.type() == typeid(Poco::JSON::Array::Ptr); }
bool JsonField::isString() const { return !isNull() && value_.isString(); }
bool JsonField::isBoolean() const { return !isNull() && value_.isBoolean(); }
bool JsonField::isNumber() const {
  return !isNull() && !isBoolean() && !isString() && value_.isNumeric();
}
bool JsonField::isInteger() const { return isNumber() && value_.isInteger(); }

JsonField JsonField::field(const std::string& name) const {
  if (!isObject()) fail("is not an object");
  const auto object = value_.extract<Poco::JSON::Object::Ptr>();
  std::string path = path_.empty() ? name : path_ + "." + name;
  if (!object || !object->has(name)) return JsonField(context_, Poco::Dynamic::Var(), path);
  return JsonField(context_, object->get(name), std::move(path));
}

JsonField JsonField::at(std::size_t index) const {
  if (!isArray()) fail("is not a list");
  const auto array = value_.extract<Poco::JSON::Array::Ptr>();
  std::string path = path_ + "[" + std::to_string(index) + "]";
  if (!array || index >= array->size()) return JsonField(context_, Poco::Dynamic::Var(), path);
  return JsonField(context_, array->get(static_cast<unsigned>(index)), std::move(path));
}

std::size_t JsonField::size() const {
  if (!isArray()) fail("is not a list");
  const auto array = value_.extract<Poco::JSON::Array::Ptr>();
  return array ? array->size() : 0;
}

std::string JsonField::text() const {
  if (isNull()) return "";
  if (isString()) return scrubbed(value_.extract<std::string>());
  if (isBoolean()) return value_.extract<bool>() ? "true" : "false";
  if (isNumber()) return value_.convert<std::string>();
  fail("is not a string");
}

std::string JsonField::scalarText() const {
  if (isObject() || isArray()) return "";
  return text();
}

std::string JsonField::jsonText() const {
  if (isNull()) return "null";
  std::ostringstream out;
  if (isObject()) {
    value_.extract<Poco::JSON::Object::Ptr>()->stringify(out);
  } else if (isArray()) {
    value_.extract<Poco::JSON::Array::Ptr>()->stringify(out);
  } else {
    return text();
  }
  return scrubbed(out.str());
}

long long JsonField::integerOr(long long fallback) const {
  if (isNull()) return fallback;
  if (isInteger()) {
    if (value_.isSigned()) return value_.convert<Poco::Int64>();
    const auto value = value_.convert<Poco::UInt64>();
    if (value > static_cast<Poco::UInt64>(std::numeric_limits<long long>::max())) {
      fail("is out of range");
    }
    return static_cast<long long>(value);
  }
  if (isNumber()) {
    const double value = value_.convert<double>();
    // 2^63 itself is not representable; everything below it in magnitude is.
    if (!std::isfinite(value) || std::fabs(value) >= 9.2233720368547758e18) {
      fail("is out of range");
    }
    if (std::floor(value) != value) fail("is not a whole number");
    return static_cast<long long>(value);
  }
  Poco::Int64 parsed = 0;
  if (isString() &&
      Poco::NumberParser::tryParse64(Poco::trim(value_.extract<std::string>()), parsed)) {
    return parsed;
  }
  fail("is not a number");
}

double JsonField::number() const {
  if (!isNumber()) fail("is not a number");
  return value_.convert<double>();
}

bool JsonField::flag() const {
  if (isNull()) return false;
  if (isBoolean()) return value_.extract<bool>();
  if (isNumber()) return value_.convert<double>() != 0;
  if (isString()) {
    const std::string text = Poco::trim(value_.extract<std::string>());
    return !(text.empty() || text == "0" || Poco::icompare(text, "false") == 0);
  }
  fail("is not true or false");
}

void JsonField::fail(const std::string& problem) const {
  const std::string call = context_ ? context_->call : std::string("remote answer");
  throw RemoteError(scrubbed(path_.empty() ? call + ": the answer " + problem
                                           : call + ": answer field '" + path_ + "' " + problem));
}

std::string JsonField::scrubbed(std::string text) const {
  if (!context_ || !context_->scrubber) return text;
  return context_->scrubber->scrub(std::move(text));
}

}  // namespace racesync
