#include "sim/cli/demo.h"

#include <cstdio>
#include <functional>
#include <memory>
#include <sstream>

#include "sim/core/kernel.h"
#include "sim/core/trace_hash.h"
#include "sim/net/transport.h"

namespace clustersim::sim {
namespace {

constexpr int node_count = 5;
constexpr Duration ping_interval = std::chrono::milliseconds(50);
constexpr Duration run_length = std::chrono::seconds(20);

struct Ping {
  bool is_pong = false;
  Time sent_at = time_zero;
};

Time at_seconds(double seconds) {
  return time_from_ns(static_cast<std::int64_t>(seconds * 1e9));
}

// Each node pings every other node every ~50 ms (jittered from the node's own stream); a
// ping is answered with a pong carrying the original send time, for round-trip times.
class PingWorkload {
 public:
  PingWorkload(Kernel& kernel, Network& network, std::uint64_t seed, DemoReport& report)
      : kernel_(kernel),
        network_(network),
        report_(report),
        transport_(network, [this](NodeIndex to, NodeIndex from, const Ping& ping) {
          receive(to, from, ping);
        }) {
    for (NodeIndex node = 0; node < node_count; ++node) {
      randoms_.push_back(Random::for_stream(seed, "demo/node/" + network.node_name(node)));
      report_.nodes.push_back(DemoNodeReport{network.node_name(node)});
      schedule_tick(node);
    }
  }

  std::uint64_t trace_hash() const { return hash_.value(); }

 private:
  void schedule_tick(NodeIndex node) {
    const Duration jitter = randoms_[node].uniform_duration(Duration{0}, ping_interval / 5);
    kernel_.schedule_after(ping_interval + jitter, [this, node] { tick(node); });
  }

  void tick(NodeIndex node) {
    if (network_.node_state(node) == NodeState::up) {
      for (NodeIndex peer = 0; peer < node_count; ++peer) {
        if (peer == node) continue;
        transport_.send(node, peer, Ping{false, kernel_.now()});
        ++report_.nodes[node].pings_sent;
      }
    }
    schedule_tick(node);  // a crashed or paused node skips its turn but keeps its rhythm
  }

  void receive(NodeIndex to, NodeIndex from, const Ping& ping) {
    hash_.add(static_cast<std::uint64_t>(time_ns(kernel_.now())));
    hash_.add((std::uint64_t{to} << 32) | (std::uint64_t{from} << 1) | (ping.is_pong ? 1 : 0));
    if (!ping.is_pong) {
      transport_.send(to, from, Ping{true, ping.sent_at});
      return;
    }
    ++report_.nodes[to].pongs_received;
    report_.nodes[to].round_trip_total += kernel_.now() - ping.sent_at;
  }

  Kernel& kernel_;
  Network& network_;
  DemoReport& report_;
  Transport<Ping> transport_;
  std::vector<Random> randoms_;
  TraceHash hash_;
};

// The fault script: each entry runs at its time and is recorded in the report's timeline.
void schedule_faults(Kernel& kernel, Network& net, DemoReport& report) {
  auto at = [&](double seconds, std::string what, std::function<void()> action) {
    report.timeline.push_back(format_time(at_seconds(seconds)) + "  " + what);
    // A std::function does not fit a Callback's inline storage: keep it in a shared holder.
    auto holder = std::make_shared<std::function<void()>>(std::move(action));
    kernel.schedule_at(at_seconds(seconds), [holder] { (*holder)(); });
  };
  FlapSpec flap;
  flap.start = at_seconds(2);
  flap.end = at_seconds(8);
  flap.period = std::chrono::milliseconds(400);
  flap.down_fraction = 0.5;
  flap.jitter = std::chrono::milliseconds(50);
  report.timeline.push_back("2s  flap ctrl1<->ctrl2 every 400ms, half down, until 8s");
  net.flap_link(0, 1, flap, "demo/ctrl1-ctrl2");
  at(5, "partition {ctrl1,ctrl2} | {ctrl3,ctrl4,ctrl5}", [&net] { net.partition({{0, 1}}); });
  at(9, "heal", [&net] { net.heal(); });
  at(10, "one-way cut: ctrl3 cannot reach ctrl4", [&net] { net.partition_one_way({2}, {3}); });
  at(12, "heal", [&net] { net.heal(); });
  at(13, "pause ctrl4", [&net] { net.pause(3); });
  at(14, "resume ctrl4", [&net] { net.resume(3); });
  at(15, "crash ctrl5", [&net] { net.crash(4); });
  at(17, "restart ctrl5", [&net] { net.restart(4); });
}

}  // namespace

DemoReport run_demo(std::uint64_t seed) {
  DemoReport report;
  report.seed = seed;
  report.simulated = run_length;
  Kernel kernel;
  Network::Options options;
  for (int i = 1; i <= node_count; ++i) options.node_names.push_back("ctrl" + std::to_string(i));
  options.default_link.latency = LatencyModel::lognormal(std::chrono::milliseconds(2), 0.5,
                                                         std::chrono::milliseconds(50));
  options.default_link.loss = 0.01;
  options.default_link.duplicate = 0.01;
  options.default_link.reorder = 0.01;
  options.root_seed = seed;
  Network network(kernel, options);
  PingWorkload workload(kernel, network, seed, report);
  schedule_faults(kernel, network, report);
  kernel.run_until(time_zero + run_length);
  report.network = network.counters();
  report.copies_in_flight_at_end = network.copies_in_flight();
  report.events_fired = kernel.events_fired();
  report.trace_hash = workload.trace_hash();
  return report;
}

std::string format_demo_report(const DemoReport& report) {
  std::ostringstream out;
  char line[160];
  out << "clustersim demo: 5 nodes ping each other every ~50ms for "
      << format_duration(report.simulated) << " of simulated time (seed " << report.seed
      << ")\n\nfaults:\n";
  for (const std::string& entry : report.timeline) out << "  " << entry << "\n";
  std::snprintf(line, sizeof line, "\n  %-6s %10s %10s %9s %12s\n", "node", "pings", "pongs",
                "answered", "mean rtt");
  out << line;
  for (const DemoNodeReport& node : report.nodes) {
    const double answered = node.pings_sent == 0 ? 0.0
                                                 : 100.0 * static_cast<double>(node.pongs_received) /
                                                       static_cast<double>(node.pings_sent);
    const Duration mean_rtt = node.pongs_received == 0
                                  ? Duration{0}
                                  : node.round_trip_total /
                                        static_cast<std::int64_t>(node.pongs_received);
    std::snprintf(line, sizeof line, "  %-6s %10llu %10llu %8.1f%% %12s\n", node.name.c_str(),
                  static_cast<unsigned long long>(node.pings_sent),
                  static_cast<unsigned long long>(node.pongs_received), answered,
                  format_duration(std::chrono::microseconds(mean_rtt.count() / 1000)).c_str());
    out << line;
  }
  const NetCounters& c = report.network;
  out << "\nnetwork: sent " << c.sent << ", delivered " << c.delivered << ", duplicated "
      << c.duplicated << ", reordered " << c.reordered << ", held while paused " << c.held
      << "\ndropped:";
  for (std::size_t i = 0; i < drop_cause_count; ++i) {
    out << " " << drop_cause_name(static_cast<DropCause>(i)) << " " << c.dropped[i]
        << (i + 1 < drop_cause_count ? "," : "\n");
  }
  std::snprintf(line, sizeof line, "kernel events fired: %llu\ntrace hash: %016llx\n",
                static_cast<unsigned long long>(report.events_fired),
                static_cast<unsigned long long>(report.trace_hash));
  out << line;
  return out.str();
}

}  // namespace clustersim::sim
