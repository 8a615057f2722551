// AsioTracker: how a real C++ controller embeds the leader-state tracker.
//
// The tracker is a pure state machine; this adapter gives it a home on a Boost.Asio
// io_context. Observations may be posted from any thread (raft's observer goroutine
// equivalent); they are serialized on a strand, stamped with a steady clock, and fed to the
// tracker in the order they were posted by each thread. The stable policy's window runs on a
// steady_timer on the same strand. Events go, in emission order, to every sink added before
// start(); timestamps are the wall clock read once at construction plus steady time since,
// so they never jump with clock adjustments.
//
// shutdown() stops it cleanly: a state still inside its window is not reported, later
// observations are ignored, and nothing is emitted after the returned future is ready (which
// needs the io_context to be running). Destroying the adapter without shutdown() is safe at
// any time but abrupt: whatever is still queued is dropped.
#pragma once

#include <boost/asio/io_context.hpp>
#include <future>
#include <memory>
#include <string>
#include <vector>

#include "model/tracker/leader_state_tracker.h"

namespace clustersim::model {

class AsioTracker {
 public:
  // Throws TrackerConfigError for a bad configuration. config.clock.utc_offset_minutes is
  // kept (the zone events are written in); its epoch is set from the system clock.
  AsioTracker(boost::asio::io_context& io, TrackerConfig config);
  ~AsioTracker();
  AsioTracker(const AsioTracker&) = delete;
  AsioTracker& operator=(const AsioTracker&) = delete;

  // Before start() only. The sink must outlive this adapter.
  void add_sink(std::shared_ptr<EventSink> sink);

  // Starts event generation (the initial announcement). Any thread.
  void start();
  void observe_leader(std::string leader_id, std::uint64_t term);
  void observe_raft_state(RaftState state, std::uint64_t term);
  void observe_members(std::vector<ClusterPeer> members, std::uint64_t index);

  // Stops the adapter; the future is ready once nothing more can be emitted.
  std::future<void> shutdown();

 private:
  // Everything the strand's handlers touch. Handlers hold it by shared_ptr, so destroying
  // the adapter while handlers are still queued is safe: they find it stopped.
  struct State;
  std::shared_ptr<State> state_;
  bool started_ = false;  // the owner's thread only: add_sink is refused after start
};

}  // namespace clustersim::model
