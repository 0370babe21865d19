#include "core/net/rate_pacer.h"

#include <algorithm>

#include "core/base/clock.h"

namespace racesync {

namespace {
constexpr std::int64_t kMinuteMs = 60 * 1000;
constexpr std::int64_t kHourMs = 60 * kMinuteMs;
}  // namespace

RatePacer::RatePacer(Clock& clock, int perMinute, int perHour)
    : clock_(clock), perMinute_(perMinute), perHour_(perHour) {}

void RatePacer::setLimits(int perMinute, int perHour) {
  perMinute_ = perMinute;
  perHour_ = perHour;
}

std::int64_t RatePacer::waitFor(std::int64_t nowMs) {
  while (!sent_.empty() && sent_.front() <= nowMs - kHourMs) sent_.pop_front();
  std::int64_t wait = 0;
  auto windowWait = [&](int limit, std::int64_t windowMs) {
    if (limit <= 0) return;
    // Requests still inside the window, newest last.
    auto inside = static_cast<std::int64_t>(
        sent_.end() - std::upper_bound(sent_.begin(), sent_.end(), nowMs - windowMs));
    if (inside < limit) return;
    // The request that must leave the window before one more fits.
    std::int64_t leaving = sent_[sent_.size() - static_cast<std::size_t>(limit)];
    wait = std::max(wait, leaving + windowMs - nowMs);
  };
  windowWait(perMinute_, kMinuteMs);
  windowWait(perHour_, kHourMs);
  return wait;
}

void RatePacer::acquire() {
  for (;;) {
    std::int64_t now = clock_.nowMs();
    std::int64_t wait = waitFor(now);
    if (wait <= 0) {
      sent_.push_back(now);
      return;
    }
    clock_.sleepMs(wait);
    waitedMs_ += wait;
  }
}

}  // namespace racesync
