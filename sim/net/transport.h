// Typed messages over the simulated Network.
//
// The Network moves opaque payload ids so that its logic is compiled once; a Transport keeps
// the payloads themselves in a recycled pool and hands each delivered copy to a handler.
// A simulation creates a Transport per message type on its Network (the election model's
// messages and the mesh's in sim/cluster; small test payloads in tests and benchmarks).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
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

  // Names a payload in a full trace (Network::describe).
  using Describe = std::function<std::string(const Payload& payload)>;

  Transport(Network& network, Handler handler, Describe describe = {})
      : network_(network), handler_(std::move(handler)), describe_(std::move(describe)) {
    CLUSTERSIM_ASSERT(handler_);
    channel_ = network_.attach(
        [this](NodeIndex to, NodeIndex from, std::uint32_t id) { handler_(to, from, payload(id)); },
        [this](std::uint32_t id) { free_ids_.push_back(id); },
        [this](std::uint32_t id) { return describe_ ? describe_(payload(id)) : std::string(); });
  }
  Transport(const Transport&) = delete;
  Transport& operator=(const Transport&) = delete;

  // Copies or moves `payload` into the pool. A copy into a recycled slot reuses the storage
  // the slot's last payload had, so steady traffic does not allocate.
  void send(NodeIndex from, NodeIndex to, const Payload& payload, Duration departs_in = Duration{0}) {
    put(from, to, payload, departs_in);
  }
  void send(NodeIndex from, NodeIndex to, Payload&& payload, Duration departs_in = Duration{0}) {
    put(from, to, std::move(payload), departs_in);
  }

  // Payloads currently held in the pool (in flight, held for a paused node, or in delivery).
  std::size_t payloads_in_use() const { return pool_size_ - free_ids_.size(); }

 private:
  template <typename P>
  void put(NodeIndex from, NodeIndex to, P&& payload_in, Duration departs_in) {
    std::uint32_t id = 0;
    if (!free_ids_.empty()) {
      id = free_ids_.back();
      free_ids_.pop_back();
    } else {
      if (pool_size_ == chunks_.size() * chunk_size) {
        chunks_.push_back(std::make_unique<Payload[]>(chunk_size));
      }
      id = pool_size_++;
    }
    payload(id) = std::forward<P>(payload_in);
    network_.send(from, to, Network::wire_id(id, channel_), departs_in);
  }

  Network& network_;
  Handler handler_;
  Describe describe_;
  std::uint32_t channel_ = 0;  // this transport's, on the network's wire
  // The pool: chunks of a power-of-two number of payloads. Chunks never move, so a delivered
  // payload stays where it is while its handler sends, and finding one is a shift and a mask.
  static constexpr std::uint32_t chunk_bits = 6;
  static constexpr std::uint32_t chunk_size = std::uint32_t{1} << chunk_bits;
  Payload& payload(std::uint32_t id) { return chunks_[id >> chunk_bits][id & (chunk_size - 1)]; }
  std::vector<std::unique_ptr<Payload[]>> chunks_;
  std::uint32_t pool_size_ = 0;  // ids handed out so far, in use or free
  std::vector<std::uint32_t> free_ids_;
};

}  // namespace clustersim::sim
