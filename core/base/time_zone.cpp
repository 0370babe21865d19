#include "core/base/time_zone.h"

#include <Poco/DateTimeFormatter.h>
#include <Poco/File.h>
#include <Poco/String.h>
#include <Poco/Timestamp.h>
#include <unistd.h>

#include <algorithm>

#include "core/base/atomic_file.h"
#include "core/base/errors.h"

namespace racesync {

namespace {

// Reads big-endian integers from a TZif file, throwing when it runs short.
class Reader {
 public:
  Reader(const std::string& name, const std::string& bytes) : name_(name), bytes_(bytes) {}

  std::int64_t integer(std::size_t width) {
    need(width);
    std::uint64_t value = 0;
    for (std::size_t k = 0; k < width; ++k) {
      value = (value << 8) | static_cast<unsigned char>(bytes_[at_ + k]);
    }
    at_ += width;
    if (width == 4) return static_cast<std::int32_t>(static_cast<std::uint32_t>(value));
    return static_cast<std::int64_t>(value);
  }
  std::string text(std::size_t count) {
    need(count);
    std::string value = bytes_.substr(at_, count);
    at_ += count;
    return value;
  }
  void skip(std::size_t count) {
    need(count);
    at_ += count;
  }
  [[noreturn]] void fail() const {
    throw InputError(name_ + ": not a time zone file (TZif): reinstall the tzdata package");
  }

 private:
  void need(std::size_t count) const {
    if (at_ + count > bytes_.size()) fail();
  }
  const std::string& name_;
  const std::string& bytes_;
  std::size_t at_ = 0;
};

struct Header {
  char version = 0;
  std::int64_t isut = 0, isstd = 0, leap = 0, time = 0, type = 0, chars = 0;
};

Header readHeader(Reader& in) {
  if (in.text(4) != "TZif") in.fail();
  Header h;
  h.version = in.text(1)[0];
  in.skip(15);
  h.isut = in.integer(4);
  h.isstd = in.integer(4);
  h.leap = in.integer(4);
  h.time = in.integer(4);
  h.type = in.integer(4);
  h.chars = in.integer(4);
  if (h.type < 1 || h.type > 255 || h.time < 0 || h.chars < 0 || h.leap < 0) in.fail();
  return h;
}

// The size of a data block whose times are `width` bytes wide.
std::size_t blockSize(const Header& h, std::size_t width) {
  return static_cast<std::size_t>(h.time * (width + 1) + h.type * 6 + h.chars +
                                  h.leap * (width + 4) + h.isstd + h.isut);
}

// "Europe/Berlin" for /etc/localtime -> /usr/share/zoneinfo/Europe/Berlin.
std::string machineZoneName() {
  char target[4096];
  ssize_t length = ::readlink("/etc/localtime", target, sizeof target - 1);
  if (length > 0) {
    std::string link(target, static_cast<std::size_t>(length));
    std::size_t at = link.find("zoneinfo/");
    if (at != std::string::npos) return link.substr(at + 9);
  }
  std::string name;
  if (readWholeFile("/etc/timezone", name)) return Poco::trim(name);
  return "";
}

}  // namespace

TimeZone::TimeZone() : name_("UTC"), kinds_{Kind{0, false, "UTC"}} {}

TimeZone TimeZone::fromTzif(const std::string& name, const std::string& tzif) {
  Reader in(name, tzif);
  Header h = readHeader(in);
  std::size_t width = 4;
  if (h.version >= '2') {
    // Version 2 and later repeat the data with 64-bit times after the version 1 block.
    in.skip(blockSize(h, 4));
    h = readHeader(in);
    width = 8;
  }
  TimeZone zone;
  zone.name_ = name;
  zone.kinds_.clear();
  for (std::int64_t k = 0; k < h.time; ++k) zone.transitions_.push_back(in.integer(width));
  for (std::int64_t k = 0; k < h.time; ++k) {
    auto index = static_cast<std::uint8_t>(in.integer(1));
    if (index >= h.type) in.fail();
    zone.kindIndex_.push_back(index);
  }
  std::vector<std::int64_t> abbreviationAt;
  for (std::int64_t k = 0; k < h.type; ++k) {
    Kind kind;
    kind.offset = static_cast<int>(in.integer(4));
    kind.dst = in.integer(1) != 0;
    abbreviationAt.push_back(in.integer(1));
    zone.kinds_.push_back(kind);
  }
  std::string chars = in.text(static_cast<std::size_t>(h.chars));
  for (std::size_t k = 0; k < zone.kinds_.size(); ++k) {
    auto at = static_cast<std::size_t>(abbreviationAt[k]);
    if (at >= chars.size()) in.fail();
    zone.kinds_[k].abbreviation = chars.substr(at, chars.find('\0', at) - at);
  }
  // RFC 8536 3.2: before the first transition, the first standard-time kind is in force.
  auto standard = std::find_if(zone.kinds_.begin(), zone.kinds_.end(),
                               [](const Kind& kind) { return !kind.dst; });
  zone.before_ =
      standard == zone.kinds_.end() ? 0 : static_cast<std::size_t>(standard - zone.kinds_.begin());
  return zone;
}

TimeZone TimeZone::named(const std::string& name, const std::string& configKey,
                         const std::string& zoneinfoDir) {
  std::string zoneName = Poco::trim(name);
  std::string path = zoneinfoDir + "/" + zoneName;
  if (zoneName.empty()) {
    zoneName = machineZoneName();
    path = "/etc/localtime";
    if (!Poco::File(path).exists()) return TimeZone();
    if (zoneName.empty()) zoneName = "local time";
  }
  std::string bytes;
  bool plausible = zoneName.find("..") == std::string::npos && zoneName[0] != '/';
  if (!plausible || !readWholeFile(path, bytes) || bytes.compare(0, 4, "TZif") != 0) {
    throw ConfigurationError(configKey + ": '" + zoneName +
                             "' is not a time zone: write a name from " + zoneinfoDir +
                             ", e.g. Europe/Berlin or America/New_York, or leave it out for the "
                             "machine's zone");
  }
  return fromTzif(zoneName, bytes);
}

const TimeZone::Kind& TimeZone::kindAt(std::int64_t utcSeconds) const {
  auto after = std::upper_bound(transitions_.begin(), transitions_.end(), utcSeconds);
  if (after == transitions_.begin()) return kinds_[before_];
  return kinds_[kindIndex_[static_cast<std::size_t>(after - transitions_.begin()) - 1]];
}

int TimeZone::offsetAt(std::int64_t utcSeconds) const { return kindAt(utcSeconds).offset; }

std::string TimeZone::abbreviationAt(std::int64_t utcSeconds) const {
  return kindAt(utcSeconds).abbreviation;
}

std::string TimeZone::format(std::int64_t utcMs) const {
  std::int64_t seconds = utcMs >= 0 ? utcMs / 1000 : -((-utcMs + 999) / 1000);
  const Kind& kind = kindAt(seconds);
  Poco::Timestamp local((seconds + kind.offset) * Poco::Timestamp::resolution());
  return Poco::DateTimeFormatter::format(local, "%Y-%m-%d %H:%M") + " " + kind.abbreviation;
}

}  // namespace racesync
