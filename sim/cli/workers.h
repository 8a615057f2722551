// The worker pool of the commands that run many worlds (run over folders, swarm, sweep). Each
// world is single-threaded and deterministic; `jobs` threads take the next unit in order until
// all are done or an interrupt asks them to stop (interrupt.h), and progress goes to stderr
// (progress.h) as each unit finishes. Results are the caller's, stored by unit index, so what
// it reports is the same whatever the thread timing.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <mutex>
#include <thread>
#include <vector>

#include "sim/cli/interrupt.h"
#include "sim/cli/progress.h"

namespace clustersim::sim {

// Runs work(i) for every i in [0, count) on min(jobs, count) threads; work returns whether unit
// i failed (for the progress line). Returns how many units finished: fewer than `count` only
// when interrupted.
template <typename Work>
std::size_t run_on_workers(std::size_t count, std::uint64_t jobs, const char* what, Work work) {
  std::atomic<std::size_t> next{0}, done{0}, failed{0};
  std::mutex progress_lock;
  Progress progress(what, count);
  auto worker = [&] {
    for (std::size_t i = next++; i < count && !stop_requested(); i = next++) {
      if (work(i)) ++failed;
      const std::size_t finished = ++done;
      std::lock_guard lock(progress_lock);
      progress.update(finished, failed);
    }
  };
  std::vector<std::thread> threads;
  for (std::uint64_t j = 0; j < std::min<std::uint64_t>(jobs, count); ++j) threads.emplace_back(worker);
  for (std::thread& thread : threads) thread.join();
  progress.finish();
  return done;
}

}  // namespace clustersim::sim
