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
#include <utility>
#include <vector>

#include "sim/cli/interrupt.h"
#include "sim/cli/progress.h"

namespace clustersim::sim {

// Runs work(i) for every i in [0, count) on min(jobs, count) threads; work returns whether unit
// i failed (for the progress line). `stop` is asked before each unit is taken (an interrupt, a
// time budget); once it says yes no unit is started, and the units started finish, so the
// units done are always [0, returned). Returns how many: fewer than `count` only when stopped.
// This form counts the units on `progress`, a line the caller keeps across several calls (a
// guided swarm's batches: one line for all its seeds, not one starting again per batch).
template <typename Work, typename Stop = bool (*)()>
std::size_t run_on_workers(std::size_t count, std::uint64_t jobs, Progress& progress, Work work, Stop stop = &stop_requested) {
  std::atomic<std::size_t> next{0}, done{0};
  std::mutex progress_lock;
  auto worker = [&] {
    while (!stop()) {
      const std::size_t i = next++;
      if (i >= count) break;
      const bool failed = work(i);
      ++done;
      std::lock_guard lock(progress_lock);
      progress.unit_done(failed);
    }
  };
  std::vector<std::thread> threads;
  for (std::uint64_t j = 0; j < std::min<std::uint64_t>(jobs, count); ++j) threads.emplace_back(worker);
  for (std::thread& thread : threads) thread.join();
  return done;
}

// The usual form: with a progress line of its own, of `count` units called `what`.
template <typename Work, typename Stop = bool (*)()>
std::size_t run_on_workers(std::size_t count, std::uint64_t jobs, const char* what, Work work, Stop stop = &stop_requested) {
  Progress progress(what, count);
  const std::size_t done = run_on_workers(count, jobs, progress, std::move(work), std::move(stop));
  progress.finish();
  return done;
}

}  // namespace clustersim::sim
