// A tracker with a recording sink and a small scripting vocabulary, shared by tracker tests.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "model/tracker/leader_state_tracker.h"
#include "tests/model/recording_sink.h"

namespace clustersim::model::testing {

using std::chrono::milliseconds;

inline std::vector<ClusterPeer> three_members() {
  return {{"ctrl1", "tls:ctrl1:6262"}, {"ctrl2", "tls:ctrl2:6262"}, {"ctrl3", "tls:ctrl3:6262"}};
}

struct TrackerHarness {
  explicit TrackerHarness(TrackerPolicy policy, milliseconds window = milliseconds(0)) {
    TrackerConfig config;
    config.policy = policy;
    config.self_id = "ctrl2";
    config.members = three_members();
    config.stability_window = window;
    config.clock = WallClock{1'736'535'288'000'000'000, -300};
    tracker = make_tracker(config, sink);
  }

  // Calls the tracker at `at_ms`, first delivering a wake-up that is due by then, as an
  // embedder's timer would.
  void wake_until(std::int64_t at_ms) {
    while (auto deadline = tracker->wakeup_deadline()) {
      if (*deadline > milliseconds(at_ms)) break;
      tracker->on_wakeup(*deadline);
    }
  }
  void start(std::int64_t at_ms = 0) {
    wake_until(at_ms);
    tracker->start(milliseconds(at_ms));
  }
  void leader(const std::string& id, std::uint64_t term, std::int64_t at_ms) {
    wake_until(at_ms);
    tracker->on_leader(id, term, milliseconds(at_ms));
  }
  void role(RaftState state, std::uint64_t term, std::int64_t at_ms) {
    wake_until(at_ms);
    tracker->on_raft_state(state, term, milliseconds(at_ms));
  }

  std::vector<std::string> events() const { return sink.summary(); }

  RecordingSink sink;
  std::unique_ptr<LeaderStateTracker> tracker;
};

}  // namespace clustersim::model::testing
