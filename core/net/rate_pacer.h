// Keeps a client below a service's rate limits (so many requests a minute and an hour): before
// each request it waits on the Clock until one more fits in both sliding windows.
#pragma once

#include <cstdint>
#include <deque>

namespace racesync {

class Clock;

class RatePacer {
 public:
  // Borrows `clock`. A limit of 0 or less means no limit for that window.
  RatePacer(Clock& clock, int perMinute, int perHour);

  // Waits (clock.sleepMs) until one more request stays within both limits, then counts it as
  // sent now. A request sent at t leaves the minute window at t + 60 s exactly.
  void acquire();
  // New limits (from X-RateLimit-Limit-* headers); the requests already counted stay counted.
  void setLimits(int perMinute, int perHour);

  int perMinute() const { return perMinute_; }
  int perHour() const { return perHour_; }
  // Total time acquire() has waited so far.
  std::int64_t waitedMs() const { return waitedMs_; }

 private:
  // Milliseconds until one more request fits at `nowMs`; 0 when it fits now.
  std::int64_t waitFor(std::int64_t nowMs);

  Clock& clock_;
  int perMinute_;
  int perHour_;
  std::deque<std::int64_t> sent_;  // send times of the last hour, oldest first
  std::int64_t waitedMs_ = 0;
};

}  // namespace racesync
