#include "sim/cluster/tracker_process.h"

#include <cerrno>
#include <csignal>
#include <cstring>

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/timerfd.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace clustersim::sim {
namespace {

std::string errno_text(int error) { return std::strerror(error); }

void close_fd(int& fd) {
  if (fd >= 0) ::close(fd);
  fd = -1;
}

// How long a child that was told goodbye (its stdin closed), or that stopped answering by
// closing its stdout, may take to exit before it is killed: a tracker flushing its logs needs
// milliseconds; one that ignores EOF is killed.
constexpr int goodbye_grace_ms = 500;

}  // namespace

TrackerProcess::TrackerProcess(const std::vector<std::string>& argv, std::chrono::milliseconds timeout)
    : timeout_(timeout) {
  int in_pair[2], out_pair[2], err_pipe[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, in_pair) != 0) {
    throw TrackerStartError("cannot start \"" + argv[0] + "\": socketpair: " + errno_text(errno));
  }
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, out_pair) != 0) {
    const int error = errno;
    ::close(in_pair[0]);
    ::close(in_pair[1]);
    throw TrackerStartError("cannot start \"" + argv[0] + "\": socketpair: " + errno_text(error));
  }
  if (::pipe2(err_pipe, O_CLOEXEC) != 0) {
    const int error = errno;
    for (int fd : {in_pair[0], in_pair[1], out_pair[0], out_pair[1]}) ::close(fd);
    throw TrackerStartError("cannot start \"" + argv[0] + "\": pipe: " + errno_text(error));
  }
  // The child's ends become its 0, 1 and 2 (dup2 clears close-on-exec on the copies); every
  // other descriptor of ours is close-on-exec, so parallel runs' children share nothing.
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in_pair[1], 0);
  posix_spawn_file_actions_adddup2(&actions, out_pair[1], 1);
  posix_spawn_file_actions_adddup2(&actions, err_pipe[1], 2);
  std::vector<char*> args;
  for (const std::string& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  // Its own process group: a tracker started through a wrapper script is killed with every
  // process the script started, not just the shell.
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP);
  posix_spawnattr_setpgroup(&attributes, 0);
  // glibc's posix_spawnp reports a failed exec (ENOENT, EACCES) as its result.
  const int spawned = ::posix_spawnp(&pid_, argv[0].c_str(), &actions, &attributes, args.data(), environ);
  posix_spawnattr_destroy(&attributes);
  posix_spawn_file_actions_destroy(&actions);
  ::close(in_pair[1]);
  ::close(out_pair[1]);
  ::close(err_pipe[1]);
  to_child_ = in_pair[0];
  from_child_ = out_pair[0];
  child_stderr_ = err_pipe[0];
  if (spawned != 0) {
    pid_ = -1;
    close_fd(to_child_);
    close_fd(from_child_);
    close_fd(child_stderr_);
    throw TrackerStartError("cannot start \"" + argv[0] + "\": " + errno_text(spawned));
  }
  group_ = pid_;  // only now: a failed spawn leaves pid_ unspecified
  ::fcntl(child_stderr_, F_SETFL, ::fcntl(child_stderr_, F_GETFL) | O_NONBLOCK);
  timer_ = ::timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC);
  if (timer_ < 0) {
    const int error = errno;
    kill_child();
    close_fd(to_child_);
    close_fd(from_child_);
    close_fd(child_stderr_);
    throw TrackerStartError("cannot time \"" + argv[0] + "\": timerfd_create: " + errno_text(error));
  }
}

TrackerProcess::~TrackerProcess() {
  close_fd(to_child_);  // EOF on its stdin: a well-behaved tracker exits
  await_end();
  close_fd(from_child_);
  close_fd(child_stderr_);
  close_fd(timer_);
}

std::string TrackerProcess::await_end() {
  if (pid_ <= 0) return end_;
  // A pidfd becomes readable when the process exits: the wait is bounded without reading a
  // clock, and a child that closed its stdout but kept running cannot hang clustersim.
  const int pidfd = static_cast<int>(::syscall(SYS_pidfd_open, pid_, 0));
  if (pidfd >= 0) {
    pollfd fd{pidfd, POLLIN, 0};
    while (::poll(&fd, 1, goodbye_grace_ms) < 0 && errno == EINTR) {
    }
    ::close(pidfd);
  } else {
    ::poll(nullptr, 0, goodbye_grace_ms);  // no pidfds (Linux before 5.3): the whole grace period
  }
  if (!reap(false)) {
    kill_child();
    end_ += " (it was still running " + std::to_string(goodbye_grace_ms) + " ms later)";
  }
  if (group_ > 0) ::kill(-group_, SIGKILL);  // what it started and left behind (the group outlives its leader)
  return end_;
}

void TrackerProcess::kill_child() {
  if (pid_ <= 0 || group_ <= 0) return;
  ::kill(-group_, SIGKILL);  // the whole group (see the constructor)
  reap(true);
}

std::optional<std::string> TrackerProcess::reap(bool wait) {
  if (pid_ <= 0) return end_;
  int status = 0;
  pid_t done = 0;
  do {
    done = ::waitpid(pid_, &status, wait ? 0 : WNOHANG);
  } while (done < 0 && errno == EINTR);
  if (done == 0) return std::nullopt;  // still running
  pid_ = -1;
  if (done < 0) {
    end_ = "ended (waitpid: " + errno_text(errno) + ")";
  } else if (WIFEXITED(status)) {
    end_ = "exited with status " + std::to_string(WEXITSTATUS(status));
  } else if (WIFSIGNALED(status)) {
    end_ = "was killed by signal " + std::to_string(WTERMSIG(status)) + " (" + strsignal(WTERMSIG(status)) + ")";
  } else {
    end_ = "ended";
  }
  return end_;
}

void TrackerProcess::drain_stderr() {
  if (child_stderr_ < 0) return;
  char buffer[4096];
  while (true) {
    const ssize_t got = ::read(child_stderr_, buffer, sizeof buffer);
    if (got > 0) {
      stderr_.append(buffer, static_cast<std::size_t>(got));
      if (stderr_.size() > 2 * stderr_kept) stderr_.erase(0, stderr_.size() - stderr_kept);
      continue;
    }
    if (got == 0) close_fd(child_stderr_);  // the child closed it (or exited)
    return;  // EAGAIN: nothing more now
  }
}

std::string TrackerProcess::stderr_tail() {
  drain_stderr();
  if (stderr_.size() <= stderr_kept) return stderr_;
  std::string tail = stderr_.substr(stderr_.size() - stderr_kept);
  const std::size_t line_start = tail.find('\n');
  if (line_start != std::string::npos && line_start + 1 < tail.size()) tail.erase(0, line_start + 1);
  return tail;
}

bool TrackerProcess::write_all(std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t sent = ::send(to_child_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (sent < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    bytes.remove_prefix(static_cast<std::size_t>(sent));
  }
  return true;
}

bool TrackerProcess::send_line(std::string_view line) {
  framed_.assign(line);
  framed_.push_back('\n');
  return write_all(framed_);
}

bool TrackerProcess::send_only(std::string_view line) {
  if (to_child_ < 0) return false;
  return send_line(line);
}

std::optional<ExchangeFailure> TrackerProcess::exchange(std::string_view line, std::string& answer) {
  answer.clear();
  auto ended = [this](ExchangeFailure::Kind kind, std::string detail) {
    close_fd(to_child_);
    if (kind == ExchangeFailure::Kind::timed_out || kind == ExchangeFailure::Kind::too_long) {
      kill_child();
    } else {
      detail += ": the process " + await_end();
    }
    drain_stderr();
    return ExchangeFailure{kind, std::move(detail)};
  };
  if (to_child_ < 0) return ExchangeFailure{ExchangeFailure::Kind::exited, "the process has already ended"};
  if (!send_line(line)) return ended(ExchangeFailure::Kind::exited, "its stdin is closed");
  // The timeout is kept by a timer descriptor the kernel counts down: clustersim reads no
  // clock, and stderr chatter cannot stretch the wait. Re-arming it resets what it counted.
  itimerspec expiry{};
  const auto ms = timeout_.count();
  expiry.it_value.tv_sec = static_cast<time_t>(ms / 1000);
  expiry.it_value.tv_nsec = static_cast<long>((ms % 1000) * 1'000'000);
  if (ms <= 0) expiry.it_value.tv_nsec = 1;
  ::timerfd_settime(timer_, 0, &expiry, nullptr);
  char buffer[65536];
  while (true) {
    if (const std::size_t newline = pending_.find('\n'); newline != std::string::npos) {
      answer.assign(pending_, 0, newline);
      pending_.erase(0, newline + 1);
      return std::nullopt;
    }
    if (pending_.size() > answer_max) {
      return ended(ExchangeFailure::Kind::too_long, "its answer passed " + std::to_string(answer_max) + " bytes without a newline");
    }
    pollfd fds[3] = {{from_child_, POLLIN, 0}, {timer_, POLLIN, 0}, {child_stderr_, POLLIN, 0}};
    const nfds_t count = child_stderr_ >= 0 ? 3 : 2;
    if (::poll(fds, count, -1) < 0) {
      if (errno == EINTR) continue;
      return ended(ExchangeFailure::Kind::exited, "poll: " + errno_text(errno));
    }
    if (count == 3 && fds[2].revents != 0) drain_stderr();
    if (fds[0].revents != 0) {
      const ssize_t got = ::recv(from_child_, buffer, sizeof buffer, 0);
      if (got > 0) {
        pending_.append(buffer, static_cast<std::size_t>(got));
        continue;
      }
      if (got < 0 && errno == EINTR) continue;
      return ended(ExchangeFailure::Kind::closed_output,
                   pending_.empty() ? "it closed its stdout without answering"
                                    : "it closed its stdout in the middle of a line");
    }
    if (fds[1].revents != 0) {
      return ended(ExchangeFailure::Kind::timed_out, "no answer within " + std::to_string(ms) + " ms (--tracker-timeout)");
    }
  }
}

}  // namespace clustersim::sim
