// Network throughput: messages sent and delivered per second through the simulated network,
// on clean links and on links with lognormal latency, loss, duplication and reordering.
#include <benchmark/benchmark.h>

#include <cstdint>

#include "sim/core/kernel.h"
#include "sim/net/network.h"
#include "sim/net/transport.h"

namespace clustersim::sim {
namespace {

struct Message {
  std::uint64_t term;
  std::uint64_t index;
};

// Five nodes; 100 messages bounce between random peers forever. One item = one delivery.
void run_ping_pong(benchmark::State& state, const LinkParams& link) {
  Kernel kernel;
  Network::Options options;
  options.node_names = {"ctrl1", "ctrl2", "ctrl3", "ctrl4", "ctrl5"};
  options.default_link = link;
  options.root_seed = 3;
  Network network(kernel, options);
  std::uint64_t delivered = 0;
  Transport<Message> transport(network, [&](NodeIndex to, NodeIndex, const Message& m) {
    ++delivered;
    transport.send(to, static_cast<NodeIndex>((to + 1 + m.index % 4) % 5), Message{m.term, m.index + 1});
  });
  for (std::uint64_t i = 0; i < 100; ++i) transport.send(0, 1 + static_cast<NodeIndex>(i % 4), Message{1, i});
  for (auto _ : state) {
    if (!kernel.step()) {  // loss emptied the network: refill it
      state.PauseTiming();
      for (std::uint64_t i = 0; i < 100; ++i) transport.send(0, 1 + static_cast<NodeIndex>(i % 4), Message{1, i});
      state.ResumeTiming();
    }
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(delivered));
}

void BM_net_deliver_clean(benchmark::State& state) {
  LinkParams link;
  link.latency = LatencyModel::uniform(Duration{500'000}, Duration{1'500'000});
  run_ping_pong(state, link);
}
BENCHMARK(BM_net_deliver_clean);

void BM_net_deliver_faulty(benchmark::State& state) {
  LinkParams link;
  link.latency = LatencyModel::lognormal(Duration{1'000'000}, 0.5, Duration{50'000'000});
  link.loss = 0.001;  // small, so that the population of messages lives long
  link.duplicate = 0.001;
  link.reorder = 0.05;
  run_ping_pong(state, link);
}
BENCHMARK(BM_net_deliver_faulty);

}  // namespace
}  // namespace clustersim::sim
