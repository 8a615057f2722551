// Typed messages over the simulated Network.
//
// The Network moves opaque payload ids so that its logic is compiled once; a Transport keeps
// the payloads themselves in a recycled pool and hands each delivered copy to a handler.
// A simulation creates one Transport per Network, for its message type (the election model's
// messages in sim/cluster; small test payloads in tests and benchmarks).
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <utility>
#include <vector>

#include "model/assert.h"
#include "sim/net/network.h"

namespace clustersim::sim {

template <typename Payload>
class Transport {
 public:
  // Receives every delivered copy. It may send: the payload reference stays valid meanwhile.
  using Handler = std::function<void(NodeIndex to, NodeIndex from, const Payload& payload)>;

  Transport(Network& network, Handler handler)
      : network_(network), handler_(std::move(handler)) {
    CLUSTERSIM_ASSERT(handler_);
    network_.attach(
        [this](NodeIndex to, NodeIndex from, std::uint32_t id) { handler_(to, from, pool_[id]); },
        [this](std::uint32_t id) { free_ids_.push_back(id); });
  }
  Transport(const Transport&) = delete;
  Transport& operator=(const Transport&) = delete;

  // Copies or moves `payload` into the pool. A copy into a recycled slot reuses the storage
  // the slot's last payload had, so steady traffic does not allocate.
  // `lane`: see Network::lane_count.
  void send(NodeIndex from, NodeIndex to, const Payload& payload, unsigned lane = 0) {
    put(from, to, payload, lane);
  }
  void send(NodeIndex from, NodeIndex to, Payload&& payload, unsigned lane = 0) {
    put(from, to, std::move(payload), lane);
  }

  // Payloads currently held in the pool (in flight, held for a paused node, or in delivery).
  std::size_t payloads_in_use() const { return pool_.size() - free_ids_.size(); }

 private:
  template <typename P>
  void put(NodeIndex from, NodeIndex to, P&& payload, unsigned lane) {
    std::uint32_t id = 0;
    if (!free_ids_.empty()) {
      id = free_ids_.back();
      free_ids_.pop_back();
      pool_[id] = std::forward<P>(payload);
    } else {
      id = static_cast<std::uint32_t>(pool_.size());
      pool_.push_back(std::forward<P>(payload));  // deque: earlier references stay valid
    }
    network_.send(from, to, id, lane);
  }

  Network& network_;
  Handler handler_;
  std::deque<Payload> pool_;
  std::vector<std::uint32_t> free_ids_;
};

}  // namespace clustersim::sim
