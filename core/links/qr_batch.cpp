#include "core/links/qr_batch.h"

#include <atomic>
#include <thread>

#include "core/base/atomic_file.h"
#include "core/base/errors.h"

namespace racesync {

std::vector<QrJobResult> renderQrFiles(const std::vector<QrJob>& jobs, const QrOptions& options,
                                       int threads, const FileModes& modes) {
  std::vector<QrJobResult> results(jobs.size());
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i = next++; i < jobs.size(); i = next++) {
      try {
        writeFileAtomically(jobs[i].path, renderQrPng(jobs[i].text, options), false, modes);
        results[i].written = true;
      } catch (const RacesyncError& e) {
        results[i].error = e.message();
      }
    }
  };
  const size_t workers =
      std::min<size_t>(static_cast<size_t>(std::max(threads, 1)), std::max<size_t>(jobs.size(), 1));
  std::vector<std::thread> pool;
  for (size_t t = 1; t < workers; ++t) pool.emplace_back(work);
  work();
  for (auto& thread : pool) thread.join();
  return results;
}

}  // namespace racesync
