// Time as the job sees it: wall-clock milliseconds and a way to wait. Pacing, backoff and
// Retry-After go through a Clock so that tests drive time by hand and never sleep.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>

namespace racesync {

class Clock {
 public:
  virtual ~Clock() = default;
  // Milliseconds since the Unix epoch (UTC).
  virtual std::int64_t nowMs() = 0;
  // Waits `ms` milliseconds (a ManualClock just moves its time forward).
  virtual void sleepMs(std::int64_t ms) = 0;
};

class SystemClock : public Clock {
 public:
  std::int64_t nowMs() override;
  void sleepMs(std::int64_t ms) override;
};

// A clock that only moves when told to, or when someone sleeps on it. Thread-safe, so a sandbox
// running in another thread can share it with the client under test.
class ManualClock : public Clock {
 public:
  explicit ManualClock(std::int64_t startMs = 1767225600000);  // 2026-01-01T00:00:00Z
  std::int64_t nowMs() override;
  void sleepMs(std::int64_t ms) override;
  void advanceMs(std::int64_t ms);
  // Total time spent in sleepMs() since construction.
  std::int64_t sleptMs();

 private:
  std::mutex mutex_;
  std::int64_t nowMs_;
  std::int64_t sleptMs_ = 0;
};

// "2026-11-24T01:02:03Z" for a time in milliseconds since the epoch.
std::string isoUtc(std::int64_t ms);

}  // namespace racesync
