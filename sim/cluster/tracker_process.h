// TrackerProcess: a tracker under test running as a child process, spoken to one line at a
// time (the tracker protocol's transport).
//
// The child's stdin and stdout are one end of a Unix socket pair each (writes use
// MSG_NOSIGNAL, so a child that died cannot kill clustersim with SIGPIPE, and no process-wide
// signal setting changes); its stderr is a pipe that clustersim drains while it waits for an
// answer (a chatty tracker must not block on a full pipe) and keeps the last few kilobytes of,
// for the failure report. A command that cannot be executed is reported by the constructor,
// not by the first exchange: the child tells the parent exec's error through a close-on-exec
// pipe.
//
// Waiting for an answer is bounded by a real-time timeout (poll's), which is how a hung
// tracker becomes a result instead of a hung run; it never changes an answer, so runs stay
// deterministic.
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <sys/types.h>

namespace clustersim::sim {

// The command could not be started (not found, not executable, no resources). what() says
// which command and why; the CLI makes it a usage error.
class TrackerStartError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// How one exchange failed.
struct ExchangeFailure {
  enum class Kind { exited, timed_out, closed_output, too_long };
  Kind kind;
  std::string detail;  // for a person: the exit status, the timeout, ...
};

class TrackerProcess {
 public:
  // Starts argv[0] (found on PATH) with the arguments. Throws TrackerStartError.
  TrackerProcess(const std::vector<std::string>& argv, std::chrono::milliseconds timeout);
  // Closes the child's stdin (its cue to exit), gives it a moment, then kills it.
  ~TrackerProcess();
  TrackerProcess(const TrackerProcess&) = delete;
  TrackerProcess& operator=(const TrackerProcess&) = delete;

  // Sends `line` (a newline is added) and waits for one line back (returned without its
  // newline), or says why none came. After a failure the process is dead or killed.
  // `answer` is cleared and filled.
  std::optional<ExchangeFailure> exchange(std::string_view line, std::string& answer);
  // Sends a line that has no answer (the protocol's goodbye); false if it could not be sent.
  bool send_only(std::string_view line);

  // The last bytes the child wrote to stderr (up to stderr_kept), whole lines where possible.
  std::string stderr_tail();

  // The longest answer line accepted: far beyond any real answer (a few events), and a bound
  // on what a runaway writer can make clustersim hold.
  static constexpr std::size_t answer_max = 16u << 20;
  static constexpr std::size_t stderr_kept = 4096;

 private:
  bool write_all(std::string_view bytes);
  // Writes `line` and its newline in one write (framed_ reused: no allocation per request).
  bool send_line(std::string_view line);
  void drain_stderr();
  // Reaps the child if it has exited; describes its end ("exited with status 3").
  std::optional<std::string> reap(bool wait);
  // Waits a short grace period for the child to exit, reaps it or kills it; how it ended.
  std::string await_end();
  void kill_child();

  pid_t pid_ = -1;          // until reaped
  pid_t group_ = -1;        // its process group (its first pid), for killing what it started
  int to_child_ = -1;     // its stdin
  int from_child_ = -1;   // its stdout
  int child_stderr_ = -1;
  int timer_ = -1;        // a timerfd: the answer's timeout
  std::chrono::milliseconds timeout_;
  std::string framed_;    // the line being sent, with its newline
  std::string pending_;   // read from stdout beyond the last line returned
  std::string stderr_;    // the tail kept
  std::string end_;       // how the child ended, once reaped
};

}  // namespace clustersim::sim
