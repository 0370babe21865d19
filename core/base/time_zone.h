// A time zone as the system's zoneinfo describes it (TZif files, RFC 8536): the offset from UTC and
// the abbreviation at any instant, so a report can show times as the people at the race read them.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace racesync {

class TimeZone {
 public:
  // UTC, named "UTC".
  TimeZone();

  // The zone `name` ("Europe/Berlin", "UTC") read from `zoneinfoDir`; "" is the machine's zone
  // (/etc/localtime, named after its link or /etc/timezone; UTC when there is none). Throws
  // ConfigurationError naming `configKey` and the fix when there is no such zone.
  static TimeZone named(const std::string& name, const std::string& configKey,
                        const std::string& zoneinfoDir = "/usr/share/zoneinfo");

  // The zone described by the TZif bytes `tzif`. Throws InputError naming `name` when they are
  // not TZif.
  static TimeZone fromTzif(const std::string& name, const std::string& tzif);

  const std::string& name() const { return name_; }

  // Seconds east of UTC at the instant `utcSeconds`. Past the file's last transition (2037 in
  // Debian's zoneinfo) the last offset holds.
  int offsetAt(std::int64_t utcSeconds) const;
  // The abbreviation at that instant ("CET", "CEST", "+03").
  std::string abbreviationAt(std::int64_t utcSeconds) const;

  // "2026-11-24 02:00 CET" for a time in milliseconds since the epoch.
  std::string format(std::int64_t utcMs) const;

 private:
  struct Kind {
    int offset = 0;
    bool dst = false;
    std::string abbreviation;
  };
  const Kind& kindAt(std::int64_t utcSeconds) const;

  std::string name_;
  std::vector<std::int64_t> transitions_;  // UTC seconds, ascending
  std::vector<std::uint8_t> kindIndex_;    // the kind in force from each transition on
  std::vector<Kind> kinds_;
  std::size_t before_ = 0;  // the kind before the first transition
};

}  // namespace racesync
