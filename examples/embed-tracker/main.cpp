// A controller embedding the stable tracker on its io_context: raft's observations are
// posted from another thread, as hashicorp's observer delivers them; events arrive in a sink.
// The window is 1 s: a leader flap of 20 ms is not reported, a leader that holds is. (The
// margins are wide: a loaded machine may delay a thread by a good part of a second.)
// Exits 0 when the events are the ones the stable policy promises, 1 otherwise.
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <iostream>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include <clustersim/asio/asio_tracker.h>
#include <clustersim/events/event_json.h>

namespace {

using namespace std::chrono_literals;
using clustersim::model::ClusterEvent;

// Keeps every event; the controller would hand them to its event dispatcher.
class CollectingSink final : public clustersim::model::EventSink {
 public:
  void accept(const ClusterEvent& event) override {
    std::lock_guard guard(lock_);
    events_.push_back(event);
  }
  std::vector<ClusterEvent> events() {
    std::lock_guard guard(lock_);
    return events_;
  }

 private:
  std::mutex lock_;
  std::vector<ClusterEvent> events_;
};

}  // namespace

int main() {
  boost::asio::io_context io;
  clustersim::model::TrackerConfig config;
  config.policy = clustersim::model::TrackerPolicy::stable;
  config.self_id = "ctrl2";
  config.members = {{"ctrl1", "tls:ctrl1:6262"}, {"ctrl2", "tls:ctrl2:6262"}, {"ctrl3", "tls:ctrl3:6262"}};
  config.stability_window = 1s;
  clustersim::model::AsioTracker tracker(io, config);
  auto sink = std::make_shared<CollectingSink>();
  tracker.add_sink(sink);
  tracker.start();

  // raft's observer, on its own thread.
  std::thread raft([&tracker] {
    tracker.observe_leader("ctrl1", 1);  // elected; held for the window: reported
    std::this_thread::sleep_for(1500ms);
    tracker.observe_leader("", 1);       // a 20 ms flap: not reported
    std::this_thread::sleep_for(20ms);
    tracker.observe_leader("ctrl1", 1);
  });
  boost::asio::steady_timer done(io, 3s);
  done.async_wait([&](const boost::system::error_code&) { tracker.shutdown(); });
  io.run();
  raft.join();

  const std::vector<ClusterEvent> events = sink->events();
  for (const ClusterEvent& event : events) std::cout << clustersim::model::event_to_json(event) << "\n";
  const bool as_promised = events.size() == 2 &&
                           events[0].type == clustersim::model::ClusterEventType::state_is_leaderless &&
                           events[1].type == clustersim::model::ClusterEventType::state_has_leader &&
                           events[1].leader_id == "ctrl1";
  if (!as_promised) {
    std::cerr << "embed_tracker: expected is_leaderless, then has_leader ctrl1 (the flap unreported)\n";
    return 1;
  }
  std::cout << "embed_tracker: the installed tracker reported as the stable policy promises\n";
  return 0;
}
