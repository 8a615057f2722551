// "No heap allocation per event in steady state": counted, not assumed. This binary replaces
// the global operator new so that every allocation in the process is seen.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <new>

#include "sim/core/kernel.h"
#include "sim/core/random.h"
#include "sim/net/network.h"
#include "sim/net/transport.h"
#include "sim/simulation/simulation.h"
#include "model/tracker/leader_state_tracker.h"

namespace {
std::atomic<std::uint64_t> allocations{0};
}

// The replacements below pair malloc with free, which is correct; GCC cannot see that the
// global operator new it would match against is this one.
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

void* operator new(std::size_t size) {
  allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }

namespace clustersim::sim {
namespace {

TEST(KernelAllocation, schedule_fire_and_cancel_allocate_nothing_once_warm) {
  Kernel kernel;
  Random random(1);
  std::uint64_t fired = 0;
  // A self-sustaining population of 10,000 timers, each rescheduling on fire, plus one
  // scheduled-then-cancelled timer per firing.
  struct Rearm {
    Kernel* kernel;
    Random* random;
    std::uint64_t* fired;
    void operator()() const {
      ++*fired;
      kernel->schedule_after(Duration{random->uniform_int(1, 1000)}, *this);
      kernel->cancel(kernel->schedule_after(Duration{5}, [] {}));
    }
  };
  for (int i = 0; i < 10'000; ++i) {
    kernel.schedule_after(Duration{random.uniform_int(1, 1000)}, Rearm{&kernel, &random, &fired});
  }
  kernel.run_until(time_zero + Duration{200'000});  // warm up: vectors reach their peak size
  const std::uint64_t before = allocations.load();
  const std::uint64_t fired_before = fired;
  kernel.run_until(time_zero + Duration{400'000});
  EXPECT_GT(fired - fired_before, 500'000u);
  EXPECT_EQ(allocations.load() - before, 0u);
}

TEST(NetworkAllocation, send_and_deliver_allocate_nothing_once_warm) {
  Kernel kernel;
  Network::Options options;
  options.node_names = {"a", "b", "c"};
  options.default_link.latency = LatencyModel::uniform(Duration{100}, Duration{300});
  // No duplication or loss here: every delivery answers once, so the population is constant.
  options.default_link.reorder = 0.1;
  Network network(kernel, options);
  std::uint64_t received = 0;
  Transport<std::uint64_t> transport(network, [&](NodeIndex to, NodeIndex from, const std::uint64_t&) {
    ++received;
    transport.send(to, from, received);  // ping-pong forever
  });
  for (int i = 0; i < 100; ++i) transport.send(0, 1 + static_cast<NodeIndex>(i % 2), 0);
  kernel.run_until(time_zero + Duration{2'000'000});
  const std::uint64_t before = allocations.load();
  const std::uint64_t received_before = received;
  kernel.run_until(time_zero + Duration{4'000'000});
  EXPECT_GT(received - received_before, 100'000u);
  EXPECT_EQ(allocations.load() - before, 0u);
}

// A leader's heartbeats and their answers, with a tracker in every node: the whole model's
// path (its effects carried out as it decides them, messages copied into recycled slots).
TEST(ClusterAllocation, steady_heartbeats_allocate_nothing_once_warm) {
  Scenario scenario;
  scenario.raft = model::RaftConfig::hashicorp_defaults();
  scenario.raft.members = numbered_members(5);
  scenario.duration = std::chrono::seconds(100);
  RunOptions options;
  options.compare_policies = false;
  options.record = false;
  Simulation simulation(scenario, options);
  simulation.start();
  simulation.run_until(time_zero + std::chrono::seconds(30));  // elected; vectors at their peak
  ASSERT_NE(simulation.leader(), "");
  const std::uint64_t before = allocations.load();
  const std::uint64_t events_before = simulation.kernel().events_fired();
  simulation.run_until(time_zero + std::chrono::seconds(90));
  EXPECT_GT(simulation.kernel().events_fired() - events_before, 4'000u);
  EXPECT_EQ(allocations.load() - before, 0u);
  EXPECT_NE(simulation.leader(), "");
}

}  // namespace
}  // namespace clustersim::sim

namespace clustersim::model {
namespace {

class NullSink final : public EventSink {
  void accept(const ClusterEvent&) override {}
};

// The tracker's non-emitting path (an observation that changes nothing reported) must not
// allocate: it runs for every raft observation of every simulated node.
void expect_non_emitting_observations_allocate_nothing(TrackerPolicy policy) {
  TrackerConfig config;
  config.policy = policy;
  config.self_id = "ctrl2";
  config.members = {{"ctrl1", "a"}, {"ctrl2", "b"}, {"ctrl3", "c"}};
  config.stability_window = std::chrono::seconds(10);
  NullSink sink;
  auto tracker = make_tracker(config, sink);
  tracker->on_leader("ctrl1", 1, std::chrono::nanoseconds{0});
  tracker->start(std::chrono::nanoseconds{0});
  const std::uint64_t before = allocations.load();
  for (std::int64_t i = 1; i <= 10'000; ++i) {
    const std::chrono::nanoseconds now{i * 1'000};
    tracker->on_leader("ctrl1", 1, now);                  // the same leader again
    tracker->on_raft_state(RaftState::follower, 1, now);  // the same role again
    if (policy == TrackerPolicy::stable) {
      tracker->on_leader("", 1, now);       // a flap far shorter than the window...
      tracker->on_leader("ctrl1", 1, now);  // ...which stable reports nothing about
    }
  }
  EXPECT_EQ(allocations.load() - before, 0u) << policy_name(policy);
}

TEST(TrackerAllocation, non_emitting_observations_allocate_nothing) {
  expect_non_emitting_observations_allocate_nothing(TrackerPolicy::openziti);
  expect_non_emitting_observations_allocate_nothing(TrackerPolicy::stable);
}

}  // namespace
}  // namespace clustersim::model
