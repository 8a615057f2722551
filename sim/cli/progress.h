// Progress of a long command (swarm, sweep) for people, on stderr: a refreshing line on a
// terminal, a plain line every ~10% otherwise; and the stopwatch of --wall-times. With
// --pace, the only code outside model/asio that reads a real clock: it never influences
// results.
#pragma once

#include <unistd.h>

#include <chrono>
#include <cstdio>

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
