// ExternalTrackers: the tracker under test as a child process, standing in for the built-in
// tracker in every node of one run (the tracker protocol, docs/tracker-protocol.md).
//
// One process serves the whole run: each node's tracker is an ExternalTracker, a
// LeaderStateTracker whose every call becomes one request naming the node, answered by the
// events the process's tracker for that node emitted and its next wake-up deadline. The
// TrackerBank cannot tell it from the built-in class, so faults, oracles, shrinking and swarms
// work unchanged. Request and answer alternate, so a deterministic tracker gives a
// byte-identical run.
//
// A tracker that fails (exits, hangs past the timeout, writes something that is not an
// answer, emits an event that is not valid for the request) does not crash clustersim: the
// failure is recorded with a check name, the node, the virtual time, the last messages
// exchanged and the tail of the process's stderr; the kernel is halted, so the run stops there
// and its result carries the failure (RunResult::limit).
#pragma once

#include <array>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sim/cluster/tracker_bank.h"
#include "sim/core/kernel.h"
#include "sim/cluster/tracker_command.h"
#include "sim/cluster/tracker_process.h"
#include "sim/cluster/tracker_protocol.h"

namespace clustersim::sim {

// Why a run with an external tracker stopped.
struct TrackerFailure {
  // "tracker_process": it exited, hung, or refused the session; "tracker_protocol": it
  // answered with something that is not an answer, or with an event that is not valid.
  std::string check;
  NodeIndex node = model::no_node;
  Time at = time_zero;
  std::string detail;
  std::vector<std::string> context;  // the last messages each way, then its stderr's tail
};

class ExternalTrackers {
 public:
  // Starts the command and says hello; throws TrackerStartError if it cannot be started.
  // A refused hello is a failure (failure()), not an exception.
  ExternalTrackers(Kernel& kernel, const TrackerCommand& command, model::TrackerPolicy policy,
                   std::chrono::nanoseconds stability_window, std::vector<std::string> node_ids);
  ~ExternalTrackers();
  ExternalTrackers(const ExternalTrackers&) = delete;
  ExternalTrackers& operator=(const ExternalTrackers&) = delete;

  // Makes each node's tracker an ExternalTracker of this session.
  TrackerFactory factory();
  // Says goodbye: the trackers destroyed from now on (the end of the run) are not crashes.
  void close();

  const std::optional<TrackerFailure>& failure() const { return failure_; }
  // What the tracker called itself in its hello answer.
  const std::string& tracker_name() const { return tracker_name_; }
  std::uint64_t exchanges() const { return exchanges_; }

 private:
  friend class ExternalTracker;

  // Sends the request, reads and checks the answer. False (and the failure recorded) when the
  // tracker failed now or earlier; on true, `answer` holds its events and deadline.
  bool exchange(NodeIndex node, const TrackerRequest& request, TrackerAnswer& answer, bool started);
  // The problem with an answer to `request`, or nothing.
  std::optional<std::string> invalid_events(const TrackerRequest& request, const TrackerAnswer& answer,
                                            bool started) const;
  void fail(std::string check, NodeIndex node, std::string detail);
  void remember(char direction, std::string_view line);
  NodeIndex index_of(std::string_view id) const;

  Kernel& kernel_;
  std::vector<std::string> node_ids_;
  std::unique_ptr<TrackerProcess> process_;
  std::optional<TrackerFailure> failure_;
  std::string tracker_name_;
  std::string request_line_, answer_line_;  // reused: their capacity stays
  // The last messages exchanged, oldest first from `recent_next_`.
  static constexpr std::size_t recent_kept = 6;
  std::array<std::string, recent_kept> recent_;
  std::size_t recent_next_ = 0;
  std::uint64_t exchanges_ = 0;
  bool closed_ = false;
};

}  // namespace clustersim::sim
