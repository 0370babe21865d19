#include "tests/support/answer_fuzz.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/String.h>

#include <random>
#include <sstream>

namespace racesync::test {

namespace {

// One step of the way to a value: a field name or a list index.
struct Step {
  std::string name;
  std::size_t index = 0;
  bool isIndex = false;
};
using Path = std::vector<Step>;

void collectPaths(const Poco::Dynamic::Var& value, Path& path, std::vector<Path>& out) {
  if (value.type() == typeid(Poco::JSON::Object::Ptr)) {
    auto object = value.extract<Poco::JSON::Object::Ptr>();
    for (const auto& name : object->getNames()) {
      path.push_back({name, 0, false});
      out.push_back(path);
      collectPaths(object->get(name), path, out);
      path.pop_back();
    }
  } else if (value.type() == typeid(Poco::JSON::Array::Ptr)) {
    auto array = value.extract<Poco::JSON::Array::Ptr>();
    for (std::size_t i = 0; i < array->size(); ++i) {
      path.push_back({"", i, true});
      out.push_back(path);
      collectPaths(array->get(static_cast<unsigned>(i)), path, out);
      path.pop_back();
    }
  }
}

std::string stringify(const Poco::Dynamic::Var& value) {
  std::ostringstream out;
  if (value.type() == typeid(Poco::JSON::Object::Ptr)) {
    value.extract<Poco::JSON::Object::Ptr>()->stringify(out);
  } else if (value.type() == typeid(Poco::JSON::Array::Ptr)) {
    value.extract<Poco::JSON::Array::Ptr>()->stringify(out);
  }
  return out.str();
}

// The sample with the value at `path` set to `raw` (JSON text), or removed when `raw` is empty.
std::string mutated(const std::string& sample, const Path& path, const std::string& raw) {
  static const std::string kMark = "@@fuzz@@";
  Poco::Dynamic::Var root = Poco::JSON::Parser().parse(sample);
  Poco::Dynamic::Var parent = root;
  for (std::size_t i = 0; i + 1 < path.size(); ++i) {
    parent =
        path[i].isIndex
            ? parent.extract<Poco::JSON::Array::Ptr>()->get(static_cast<unsigned>(path[i].index))
            : parent.extract<Poco::JSON::Object::Ptr>()->get(path[i].name);
  }
  const Step& last = path.back();
  if (last.isIndex) {
    auto array = parent.extract<Poco::JSON::Array::Ptr>();
    if (raw.empty()) {
      array->remove(static_cast<unsigned>(last.index));
    } else {
      array->set(static_cast<unsigned>(last.index), kMark);
    }
  } else {
    auto object = parent.extract<Poco::JSON::Object::Ptr>();
    if (raw.empty()) {
      object->remove(last.name);
    } else {
      object->set(last.name, kMark);
    }
  }
  return Poco::replace(stringify(root), "\"" + kMark + "\"", raw);
}

}  // namespace

std::vector<std::string> fuzzedAnswers(const std::vector<std::string>& samples, unsigned seed) {
  static const std::vector<std::string> kValues = {"null",
                                                   "[]",
                                                   "{}",
                                                   "\"\"",
                                                   "\"x\"",
                                                   "true",
                                                   "false",
                                                   "0",
                                                   "-1",
                                                   "1.5",
                                                   "1e400",
                                                   "-1e400",
                                                   "99999999999999999999999",
                                                   "-9223372036854775809",
                                                   "18446744073709551615",
                                                   "\"\\u0000\\ud800\"",
                                                   "[[[[[[[[[[1]]]]]]]]]]",
                                                   "{\"a\": {\"b\": []}}"};
  std::mt19937 random(seed);
  std::vector<std::string> bodies;
  for (const auto& sample : samples) {
    for (std::size_t cut = 0; cut < sample.size(); cut += 1 + sample.size() / 25) {
      bodies.push_back(sample.substr(0, cut));
    }
    std::vector<Path> paths;
    Path path;
    collectPaths(Poco::JSON::Parser().parse(sample), path, paths);
    for (const auto& each : paths) {
      bodies.push_back(mutated(sample, each, ""));
      for (const auto& value : kValues) bodies.push_back(mutated(sample, each, value));
    }
    for (int i = 0; i < 50; ++i) {
      std::string flipped = sample;
      for (int flips = 1 + static_cast<int>(random() % 4); flips > 0; --flips) {
        flipped[random() % flipped.size()] = static_cast<char>(random() % 256);
      }
      bodies.push_back(flipped);
    }
  }
  for (int i = 0; i < 100; ++i) {
    std::string bytes(random() % 300, '\0');
    for (char& c : bytes) c = static_cast<char>(random() % 256);
    bodies.push_back(bytes);
  }
  bodies.push_back(std::string(1 << 16, '['));
  return bodies;
}

}  // namespace racesync::test
