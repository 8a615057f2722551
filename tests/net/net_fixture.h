// A small network of named nodes with a recording transport, shared by the network tests.
#pragma once

#include <string>
#include <vector>

#include "sim/core/kernel.h"
#include "sim/net/network.h"
#include "sim/net/transport.h"

namespace clustersim::sim::testing {

struct Received {
  std::int64_t at_ns;
  NodeIndex to;
  NodeIndex from;
  int tag;
  friend bool operator==(const Received&, const Received&) = default;
};

struct NetFixture {
  explicit NetFixture(std::size_t nodes, LinkParams link = {}, std::uint64_t seed = 1)
      : network(kernel, options(nodes, link, seed)),
        transport(network, [this](NodeIndex to, NodeIndex from, const int& tag) {
          received.push_back(Received{time_ns(kernel.now()), to, from, tag});
        }) {}

  static Network::Options options(std::size_t nodes, const LinkParams& link, std::uint64_t seed) {
    Network::Options result;
    for (std::size_t i = 1; i <= nodes; ++i) result.node_names.push_back("n" + std::to_string(i));
    result.default_link = link;
    result.root_seed = seed;
    return result;
  }

  void send(NodeIndex from, NodeIndex to, int tag = 0) {
    transport.send(from, to, tag);
  }
  void run_for(Duration d) { kernel.run_until(kernel.now() + d); }

  // Sends one message on every directed link and returns which arrived, as "from->to".
  std::vector<std::string> reachable_pairs() {
    received.clear();
    const auto n = static_cast<NodeIndex>(network.node_count());
    for (NodeIndex from = 0; from < n; ++from) {
      for (NodeIndex to = 0; to < n; ++to) {
        if (from != to) send(from, to);
      }
    }
    run_for(std::chrono::seconds(1));
    std::vector<std::string> pairs;
    for (const Received& r : received) {
      pairs.push_back(network.node_name(r.from) + "->" + network.node_name(r.to));
    }
    return pairs;
  }

  Kernel kernel;
  Network network;
  std::vector<Received> received;
  Transport<int> transport;
};

}  // namespace clustersim::sim::testing
