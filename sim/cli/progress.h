// Progress of a long command for people, on stderr (never stdout, which may carry data): of
// many units (swarm's seeds, sweep's trials, run's scenarios, vectors), of one long piece of
// work (a large run, a big log), a refreshing line on a terminal, a plain line every ~10%
// otherwise; and the stopwatch of --wall-times. With
// --pace, the only code outside model/asio that reads a real clock: it never influences
// results.
#pragma once

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <string>
#include <utility>

namespace clustersim::sim {

class Progress {
 public:
  Progress(const char* what, std::size_t total)
      : what_(what), total_(total), terminal_(::isatty(STDERR_FILENO) == 1) {}
  ~Progress() { finish(); }
  // An interrupted command stops before its last update: this ends the refreshing line, so
  // what the command reports next starts on a line of its own.
  void finish() {
    if (line_open_) std::fputc('\n', stderr);
    line_open_ = false;
  }
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  // One more unit done (the progress counts them): for work that comes in parts, such as a
  // guided swarm's batches, which run one after another under one line.
  void unit_done(bool failed) {
    ++units_done_;
    if (failed) ++units_failed_;
    update(units_done_, units_failed_);
  }

  void update(std::size_t done, std::size_t failed) {
    if (total_ == 0) return;
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    const double rate = elapsed > 0 ? static_cast<double>(done) / elapsed : 0;
    const double left = rate > 0 ? static_cast<double>(total_ - done) / rate : 0;
    if (terminal_) {
      std::fprintf(stderr, "\r%zu/%zu %s, %zu failed, %.1f/s, %.0fs left   ", done, total_, what_, failed, rate, left);
      line_open_ = done != total_;
      if (done == total_) std::fputc('\n', stderr);
    } else if (done == total_ || done * 10 / total_ != (done - 1) * 10 / total_) {
      std::fprintf(stderr, "%zu/%zu %s, %zu failed, %.1f/s, %.0fs left\n", done, total_, what_, failed, rate, left);
    }
    std::fflush(stderr);
  }

 private:
  const char* what_;
  std::size_t total_;
  bool terminal_;
  bool line_open_ = false;
  std::size_t units_done_ = 0;
  std::size_t units_failed_ = 0;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

// The progress of one long piece of work (a run of a large world, the check of a big log) on
// stderr: nothing for the first second, so short work stays quiet; then a refreshing line on a
// terminal, a plain line every 10% otherwise: how far it is ("simulated 12.5s of 60s"), its
// rate and the time left.
class WorkProgress {
 public:
  explicit WorkProgress(std::string what) : what_(std::move(what)), terminal_(::isatty(STDERR_FILENO) == 1) {}
  ~WorkProgress() { finish(); }
  WorkProgress(const WorkProgress&) = delete;
  WorkProgress& operator=(const WorkProgress&) = delete;

  // `fraction` done (0 to 1, or negative when the whole is unknown), what is done in words,
  // and the amount done in `unit` for the rate ("simulated s", "MB").
  void update(double fraction, const std::string& done, double amount, const char* unit) {
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    if (elapsed < 1.0) return;
    const int tenth = fraction < 0 ? -1 : static_cast<int>(fraction * 10);
    if (!terminal_ && (tenth == last_tenth_ || tenth < 0)) return;
    last_tenth_ = tenth;
    char rate[64], left[64] = "";
    std::snprintf(rate, sizeof rate, ", %.1f %s/s", amount / elapsed, unit);
    if (fraction > 0 && fraction < 1) std::snprintf(left, sizeof left, ", %.0fs left", elapsed * (1 - fraction) / fraction);
    std::fprintf(stderr, "%s%s: %s%s%s%s", terminal_ ? "\r" : "", what_.c_str(), done.c_str(), rate, left,
                 terminal_ ? "   " : "\n");
    line_open_ = terminal_;
    std::fflush(stderr);
  }
  void finish() {
    if (line_open_) std::fputc('\n', stderr);
    line_open_ = false;
  }

 private:
  std::string what_;
  bool terminal_;
  bool line_open_ = false;
  int last_tenth_ = -1;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

// Wall-clock seconds since it was started, for --wall-times: reported only when asked for
// (outputs stay byte-identical otherwise), never used in a decision.
class Stopwatch {
 public:
  double seconds() const { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count(); }

 private:
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

}  // namespace clustersim::sim
