// What an interrupt (SIGINT from ^C, SIGTERM from a scheduler or `kill`) does to a command:
//   - a command that can stop between units of work (swarm, sweep) is asked to: it finishes
//     the world in progress, writes what it has, marked incomplete, and exits with 130;
//   - any other command, or a cooperative one interrupted a second time, ends at once: every
//     temporary output file being written is removed, so nothing half-written is left behind,
//     and the process ends by the same signal (exit status 128 + signal).
// The handler does only async-signal-safe things: unlink(2) of paths copied in advance, a
// flag store, and re-raising the signal with the default action.
#pragma once

#include <string>

namespace clustersim::sim {

// Installs the handlers for the lifetime of the object (the previous ones come back after).
// `cooperative`: the command polls stop_requested() and stops by itself.
class InterruptHandling {
 public:
  explicit InterruptHandling(bool cooperative);
  ~InterruptHandling();
  InterruptHandling(const InterruptHandling&) = delete;
  InterruptHandling& operator=(const InterruptHandling&) = delete;
};

// True once an interrupt has asked a cooperative command to stop.
bool stop_requested();

// A temporary file an interrupt must remove: held from before the file exists until it has
// been renamed into place (or removed). Holds at most a few at a time; its path is the
// template given to mkstemp, which fills it in place.
class TemporaryFile {
 public:
  // `pattern` ends in XXXXXX. Throws std::runtime_error if too many are held at once.
  explicit TemporaryFile(const std::string& pattern);
  ~TemporaryFile();  // removes the file unless released
  TemporaryFile(const TemporaryFile&) = delete;
  TemporaryFile& operator=(const TemporaryFile&) = delete;

  // Creates the file (mkstemp); returns its descriptor, or -1 with errno set.
  int create();
  const char* path() const;
  // The file has been renamed into place: nothing to remove any more.
  void release();

 private:
  int slot_;
};

}  // namespace clustersim::sim
