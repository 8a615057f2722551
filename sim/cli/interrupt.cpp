#include "sim/cli/interrupt.h"

#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <stdexcept>

namespace clustersim::sim {
namespace {

// Paths live in fixed buffers so the handler never touches memory that may be mid-change: a
// slot's path is written while the slot is not yet marked in use.
constexpr int slot_count = 8;
constexpr std::size_t path_bytes = 4096;
char slot_paths[slot_count][path_bytes];
std::atomic<bool> slot_claimed[slot_count];  // owned by a TemporaryFile
std::atomic<bool> slot_used[slot_count];     // its path is complete: the handler removes it

std::atomic<bool> cooperative_mode{false};
std::atomic<bool> stop_flag{false};
struct sigaction previous_int, previous_term;

void remove_temporaries() {
  for (int i = 0; i < slot_count; ++i) {
    if (slot_used[i].load()) ::unlink(slot_paths[i]);
  }
}

void on_interrupt(int signal) {
  if (cooperative_mode.load() && !stop_flag.exchange(true)) return;  // stop at the next unit
  remove_temporaries();
  // End as the signal would have ended us, so a shell or a scheduler sees the real cause.
  std::signal(signal, SIG_DFL);
  std::raise(signal);
}

}  // namespace

InterruptHandling::InterruptHandling(bool cooperative) {
  cooperative_mode = cooperative;
  stop_flag = false;
  struct sigaction action {};
  action.sa_handler = on_interrupt;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, &previous_int);
  sigaction(SIGTERM, &action, &previous_term);
}

InterruptHandling::~InterruptHandling() {
  sigaction(SIGINT, &previous_int, nullptr);
  sigaction(SIGTERM, &previous_term, nullptr);
  cooperative_mode = false;
}

bool stop_requested() { return stop_flag.load(); }

TemporaryFile::TemporaryFile(const std::string& pattern) : slot_(-1) {
  if (pattern.size() >= path_bytes) throw std::runtime_error("path too long for a temporary file: " + pattern);
  for (int i = 0; i < slot_count; ++i) {
    bool expected = false;
    if (!slot_claimed[i].compare_exchange_strong(expected, true)) continue;
    std::memcpy(slot_paths[i], pattern.c_str(), pattern.size() + 1);
    slot_used[i] = true;
    slot_ = i;
    return;
  }
  throw std::runtime_error("too many temporary files at once");
}

TemporaryFile::~TemporaryFile() {
  if (slot_ < 0) return;
  if (slot_used[slot_].load()) ::unlink(slot_paths[slot_]);
  release();
}

int TemporaryFile::create() { return ::mkstemp(slot_paths[slot_]); }

const char* TemporaryFile::path() const { return slot_paths[slot_]; }

void TemporaryFile::release() {
  if (slot_ < 0) return;
  slot_used[slot_] = false;
  slot_claimed[slot_] = false;
  slot_ = -1;
}

}  // namespace clustersim::sim
