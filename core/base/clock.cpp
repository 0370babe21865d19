#include "core/base/clock.h"

#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/Timestamp.h>

#include <chrono>
#include <thread>

namespace racesync {

std::int64_t SystemClock::nowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

void SystemClock::sleepMs(std::int64_t ms) {
  if (ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(ms));
}

ManualClock::ManualClock(std::int64_t startMs) : nowMs_(startMs) {}

std::int64_t ManualClock::nowMs() {
  std::lock_guard<std::mutex> lock(mutex_);
  return nowMs_;
}

void ManualClock::sleepMs(std::int64_t ms) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (ms <= 0) return;
  nowMs_ += ms;
  sleptMs_ += ms;
}

void ManualClock::advanceMs(std::int64_t ms) {
  std::lock_guard<std::mutex> lock(mutex_);
  nowMs_ += ms;
}

std::int64_t ManualClock::sleptMs() {
  std::lock_guard<std::mutex> lock(mutex_);
  return sleptMs_;
}

std::string isoUtc(std::int64_t ms) {
  return Poco::DateTimeFormatter::format(Poco::Timestamp(ms * 1000), "%Y-%m-%dT%H:%M:%SZ");
}

}  // namespace racesync
