// The Asio adapter on a real io_context with short windows. These tests assert the order and
// content of events, never their times, so a loaded machine cannot make them fail: every
// wait is for an event to arrive (with a generous limit), not for time to pass.
#include <gtest/gtest.h>

#include <condition_variable>
#include <mutex>
#include <thread>

#include "model/asio/asio_tracker.h"
#include "model/events/jsonl_sinks.h"

namespace clustersim::model {
namespace {

using std::chrono::milliseconds;

// Collects events from the io thread; lets the test thread wait for a count.
class Collector {
 public:
  std::shared_ptr<EventSink> sink() {
    return std::make_shared<CallbackSink>([this](const ClusterEvent& event) {
      std::lock_guard lock(mutex_);
      events_.push_back(describe(event));
      arrived_.notify_all();
    });
  }

  // Waits until `count` events arrived (at most 20 s) and returns all so far.
  std::vector<std::string> wait_for(std::size_t count) {
    std::unique_lock lock(mutex_);
    arrived_.wait_for(lock, std::chrono::seconds(20), [&] { return events_.size() >= count; });
    return events_;
  }

  std::vector<std::string> now() {
    std::lock_guard lock(mutex_);
    return events_;
  }

 private:
  static std::string describe(const ClusterEvent& e) {
    if (e.type == ClusterEventType::state_has_leader) return "has_leader(" + e.leader_id + ")";
    if (e.type == ClusterEventType::state_is_leaderless) return "is_leaderless";
    return std::string(event_type_name(e.type));
  }

  std::mutex mutex_;
  std::condition_variable arrived_;
  std::vector<std::string> events_;
};

// An io_context running on its own thread for the length of a test.
struct RunningIo {
  RunningIo() : work(boost::asio::make_work_guard(io)), thread([this] { io.run(); }) {}
  ~RunningIo() {
    work.reset();
    thread.join();
  }
  boost::asio::io_context io;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work;
  std::thread thread;
};

TrackerConfig config(TrackerPolicy policy, milliseconds window) {
  TrackerConfig c;
  c.policy = policy;
  c.self_id = "ctrl2";
  c.members = {{"ctrl1", "a"}, {"ctrl2", "b"}, {"ctrl3", "c"}};
  c.stability_window = window;
  return c;
}

using Events = std::vector<std::string>;

TEST(AsioTracker, openziti_events_arrive_in_order_from_another_thread) {
  RunningIo running;
  Collector collector;
  AsioTracker tracker(running.io, config(TrackerPolicy::openziti, milliseconds(0)));
  tracker.add_sink(collector.sink());
  tracker.start();
  std::thread raft([&] {
    tracker.observe_raft_state(RaftState::leader, 1);
    tracker.observe_leader("ctrl2", 1);
    tracker.observe_leader("", 2);
    tracker.observe_raft_state(RaftState::follower, 2);
  });
  raft.join();
  EXPECT_EQ(collector.wait_for(5), (Events{"is_leaderless", "leadership.gained",
                                           "has_leader(ctrl2)", "is_leaderless",
                                           "leadership.lost"}));
  tracker.shutdown().wait();
}

TEST(AsioTracker, stable_reports_a_lasting_change_after_its_window_on_a_real_timer) {
  RunningIo running;
  Collector collector;
  AsioTracker tracker(running.io, config(TrackerPolicy::stable, milliseconds(30)));
  tracker.add_sink(collector.sink());
  tracker.observe_leader("ctrl1", 1);
  tracker.start();
  tracker.observe_leader("", 2);  // lasts: reported once the timer fires
  EXPECT_EQ(collector.wait_for(2), (Events{"has_leader(ctrl1)", "is_leaderless"}));
  tracker.observe_leader("ctrl3", 2);
  EXPECT_EQ(collector.wait_for(3).back(), "has_leader(ctrl3)");
  tracker.shutdown().wait();
}

TEST(AsioTracker, stable_says_nothing_about_a_flap_inside_its_window) {
  // The flap is queued before the io thread runs, so it lasts microseconds; the window is
  // long enough that no scheduler hiccup could stretch it that far.
  boost::asio::io_context io;
  Collector collector;
  AsioTracker tracker(io, config(TrackerPolicy::stable, milliseconds(500)));
  tracker.add_sink(collector.sink());
  tracker.observe_leader("ctrl1", 1);
  tracker.start();
  tracker.observe_leader("", 1);
  tracker.observe_leader("ctrl1", 1);
  tracker.observe_leader("ctrl3", 2);  // a change that does last: the sentinel
  io.run();  // returns when nothing is pending: after the window of the last change
  EXPECT_EQ(collector.now(), (Events{"has_leader(ctrl1)", "has_leader(ctrl3)"}));
  std::future<void> stopped = tracker.shutdown();
  io.restart();
  io.run();
  stopped.wait();
}

TEST(AsioTracker, shutdown_drops_a_state_still_inside_its_window_and_later_observations) {
  RunningIo running;
  Collector collector;
  AsioTracker tracker(running.io, config(TrackerPolicy::stable, milliseconds(200)));
  tracker.add_sink(collector.sink());
  tracker.observe_leader("ctrl1", 1);
  tracker.start();
  tracker.observe_leader("", 2);
  tracker.shutdown().wait();
  tracker.observe_leader("ctrl3", 3);
  std::this_thread::sleep_for(milliseconds(300));  // past the window: still nothing
  EXPECT_EQ(collector.now(), Events{"has_leader(ctrl1)"});
}

TEST(AsioTracker, alternation_holds_under_observations_from_many_threads) {
  RunningIo running;
  Collector collector;
  AsioTracker tracker(running.io, config(TrackerPolicy::openziti, milliseconds(0)));
  tracker.add_sink(collector.sink());
  tracker.start();
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&tracker, t] {
      for (int i = 0; i < 500; ++i) tracker.observe_leader(i % 2 == 0 ? "ctrl" + std::to_string(t % 3 + 1) : "", 1);
    });
  }
  for (std::thread& thread : threads) thread.join();
  tracker.shutdown().wait();
  const Events events = collector.now();
  ASSERT_GE(events.size(), 2u);
  for (std::size_t i = 1; i < events.size(); ++i) {
    const bool both_leaderless = events[i] == "is_leaderless" && events[i - 1] == "is_leaderless";
    const bool both_leader = events[i] != "is_leaderless" && events[i - 1] != "is_leaderless";
    ASSERT_FALSE(both_leaderless || both_leader) << "at " << i;
  }
}

TEST(AsioTracker, destroying_it_with_work_queued_is_safe) {
  boost::asio::io_context io;
  Collector collector;
  {
    AsioTracker tracker(io, config(TrackerPolicy::stable, milliseconds(10)));
    tracker.add_sink(collector.sink());
    tracker.start();
    tracker.observe_leader("ctrl1", 1);
  }
  io.run();  // the queued handlers find the state stopped
  EXPECT_TRUE(collector.now().empty());
}

TEST(AsioTracker, refuses_a_bad_configuration) {
  boost::asio::io_context io;
  TrackerConfig bad = config(TrackerPolicy::stable, milliseconds(10));
  bad.members = {};
  EXPECT_THROW(AsioTracker(io, bad), TrackerConfigError);
}

}  // namespace
}  // namespace clustersim::model
