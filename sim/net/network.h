// The simulated network: named nodes, directed links with their own latency, loss,
// duplication and reordering, and the faults a real network produces.
//
// Faults: symmetric partitions into groups, one-way partitions (A reaches B, B does not reach
// A), isolating one node, healing, and flapping links or nodes. A message in flight on a link
// that goes down before its delivery time is lost, like a reset TCP connection. Node faults:
// messages to a crashed node are dropped; messages to a paused node are held and delivered in
// order when it resumes, as a TCP socket buffer would.
//
// Per directed link, delivery is FIFO (hashicorp/raft runs over TCP) unless a message is
// picked for reordering. Every link and flap draws from its own random stream, derived from
// the root seed and a stable name, so adding a fault does not change other links' draws.
//
// The Network does not own payloads: it moves opaque payload ids, and tells their owner (a
// Transport) when to deliver one and when no copy of it is left in flight. Two owners may
// share one network (the election model's messages and the controller mesh's, over the same
// links): a payload id on the wire carries its owner's channel in its lowest bit.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sim/core/kernel.h"
#include "sim/core/random.h"
#include "sim/net/flap.h"
#include "sim/net/link_params.h"

namespace clustersim::sim {

using NodeIndex = std::uint32_t;

enum class NodeState : std::uint8_t { up, paused, crashed };

enum class DropCause : std::uint8_t {
  loss,                 // the link's loss probability
  link_down_at_send,    // the link was down (partition or flap) when the message was sent
  link_down_in_flight,  // the link went down between send and delivery
  node_crashed,         // the receiver was crashed at delivery, or crashed while holding it
};
inline constexpr std::size_t drop_cause_count = 4;
std::string_view drop_cause_name(DropCause cause);

struct NetCounters {
  std::uint64_t sent = 0;        // send() calls
  std::uint64_t delivered = 0;   // copies handed to a receiver
  std::uint64_t duplicated = 0;  // extra copies created by duplication
  std::uint64_t reordered = 0;   // copies that skipped FIFO order
  std::uint64_t held = 0;        // copies that waited for a paused receiver
  std::array<std::uint64_t, drop_cause_count> dropped{};

  std::uint64_t dropped_by(DropCause cause) const {
    return dropped[static_cast<std::size_t>(cause)];
  }
  std::uint64_t dropped_total() const;
};

// One thing the network did, for a full trace (Network::set_tracer): a message sent,
// delivered or dropped, a flap taking its links down or bringing them up, or a cut made or
// healed (partition: `groups` are the sides, the unnamed nodes the last; one_way: groups[0]
// cannot reach groups[1]; isolate: groups[0] is the node).
struct NetRecord {
  enum class Kind : std::uint8_t { sent, delivered, dropped, flap_down, flap_up, partition, one_way, isolate, heal };
  Kind kind = Kind::sent;
  NodeIndex from = 0, to = 0;         // sent, delivered, dropped
  std::uint32_t wire = 0;             // sent, delivered, dropped: the payload's wire id
  DropCause cause = DropCause::loss;  // dropped
  std::uint32_t flap = 0;             // flap_down, flap_up: the flap, numbered as begun
  std::vector<std::vector<NodeIndex>> groups;  // partition, one_way, isolate
};

class Network {
 public:
  struct Options {
    std::vector<std::string> node_names;  // at least one, unique
    LinkParams default_link;              // every link starts with these
    std::uint64_t root_seed = 0;
  };
  using DeliverFn = std::function<void(NodeIndex to, NodeIndex from, std::uint32_t payload)>;
  using ReleaseFn = std::function<void(std::uint32_t payload)>;
  using DescribeFn = std::function<std::string(std::uint32_t payload)>;
  using TraceFn = std::function<void(const NetRecord&)>;

  Network(Kernel& kernel, Options options);
  Network(const Network&) = delete;
  Network& operator=(const Network&) = delete;

  // Called once by each payload owner (at most two): `deliver` hands a payload to a receiver,
  // `release` says that no copy of it remains in flight or held. Returns the owner's channel:
  // the owner sends wire_id(payload, channel), and is given back its own payload ids.
  // `describe` (optional) names a payload for a full trace ("RequestVote term 3").
  std::uint32_t attach(DeliverFn deliver, ReleaseFn release, DescribeFn describe = {});
  static std::uint32_t wire_id(std::uint32_t payload, std::uint32_t channel) { return payload << 1 | channel; }

  std::size_t node_count() const { return names_.size(); }
  const std::string& node_name(NodeIndex node) const;
  std::optional<NodeIndex> find_node(std::string_view name) const;

  const LinkParams& link_params(NodeIndex from, NodeIndex to) const;
  void set_link_params(NodeIndex from, NodeIndex to, const LinkParams& params);

  // Sends the payload with wire id `payload` from `from` to `to`. Precondition: `from` is up,
  // from != to.
  // `departs_in`: the message leaves the sender that much after now (a busy server's reply
  // leaves when its input is done); the link's state and fate are decided now.
  void send(NodeIndex from, NodeIndex to, std::uint32_t payload, Duration departs_in = Duration{0});

  // True when a message sent now from `from` would not be dropped for a link fault.
  bool link_up(NodeIndex from, NodeIndex to) const;

  // Cuts every link between nodes of different groups, both ways. Nodes in no group form one
  // more group together. Precondition: no node is in two groups.
  void partition(const std::vector<std::vector<NodeIndex>>& groups);
  // Cuts every link from a sender to a receiver, and only that direction.
  void partition_one_way(const std::vector<NodeIndex>& senders,
                         const std::vector<NodeIndex>& receivers);
  // Cuts every link to and from `node`.
  void isolate(NodeIndex node);
  // Removes every cut made by partition, partition_one_way and isolate. Flaps go on.
  void heal();

  // Flaps the link between a and b (both directions unless spec.one_way). `stream_name` names
  // the jitter's random stream; give each flap of a run its own. Precondition: !spec.problem().
  void flap_link(NodeIndex a, NodeIndex b, const FlapSpec& spec, std::string_view stream_name);
  // Flaps every link to and from `node`.
  void flap_node(NodeIndex node, const FlapSpec& spec, std::string_view stream_name);

  NodeState node_state(NodeIndex node) const;
  void crash(NodeIndex node);    // up or paused -> crashed; held messages are lost
  void restart(NodeIndex node);  // crashed -> up
  void pause(NodeIndex node);    // up -> paused; arriving messages are held
  void resume(NodeIndex node);   // paused -> up; held messages are delivered now, in order

  const NetCounters& counters() const { return counters_; }

  // A full trace: `tracer` hears every drop and every flap phase, and with `messages` every
  // send and delivery too. Unset, the network pays one test per such step. The tracer must not
  // send; it may describe() the payload it is told of, which is alive during the call.
  void set_tracer(TraceFn tracer, bool messages);
  // The owner's description of the payload with wire id `wire` ("" if it gave none).
  std::string describe(std::uint32_t wire) const;
  // The directed links a flap holds down in its down phases, as (from, to).
  std::vector<std::pair<NodeIndex, NodeIndex>> flap_links(std::uint32_t flap) const;

  // Copies sent but neither delivered nor dropped yet (in flight or held by a paused node).
  std::size_t copies_in_flight() const { return flights_.size() - free_flights_.size(); }

 private:
  // Per directed link. The parameters live in params_table_ (few distinct sets), so that a
  // cluster's n^2 links stay small; each link is aligned to its own cache line.
  struct alignas(64) Link {
    // Seeded on the link's first message (link_random): a stream is named by its link, so
    // when it is made changes nothing it draws, and a world of n nodes names n^2 streams only
    // for the links it uses. Empty until then, so that building the n^2 links expands no seed.
    std::optional<Random> random;
    std::uint32_t params = 0;  // index into params_table_
    Time fifo_tail = time_zero;  // latest delivery time given to an in-order message
    std::uint32_t down_epoch = 0;  // counts up -> down transitions
    std::uint16_t flaps_down = 0;  // active flap phases holding this link down
    bool cut = false;              // cut by a partition
    bool up() const { return !cut && flaps_down == 0; }
  };
  struct Flight {
    NodeIndex from;
    NodeIndex to;
    std::uint32_t payload;
    std::uint32_t down_epoch;  // the link's epoch at send; a change means it went down
    bool arrived;              // reached the receiver (held while paused)
  };
  struct Flap {
    std::vector<std::uint32_t> links;
    FlapSpec spec;
    Random random;
    bool down = false;
  };

  std::uint32_t link_index(NodeIndex from, NodeIndex to) const;
  Link& link(NodeIndex from, NodeIndex to) { return links_[link_index(from, to)]; }
  const LinkParams& params_of(const Link& l) const { return params_table_[l.params]; }
  Random& link_random(NodeIndex from, NodeIndex to, Link& l);
  void set_cut(std::uint32_t index, bool cut);
  void trace_cut(NetRecord::Kind kind, std::vector<std::vector<NodeIndex>> groups) {
    if (tracer_) tracer_(NetRecord{kind, 0, 0, 0, DropCause::loss, 0, std::move(groups)});
  }
  void change_flaps_down(std::uint32_t index, int delta);
  void launch(NodeIndex from, NodeIndex to, std::uint32_t payload, Link& link, Duration departs_in);
  void schedule_arrival(Time at, std::uint32_t flight);
  void arrive(std::uint32_t flight);
  void finish(std::uint32_t flight);
  void drop(std::uint32_t flight, DropCause cause);
  void start_flap(std::vector<std::uint32_t> links, const FlapSpec& spec,
                  std::string_view stream_name);
  void toggle_flap(std::uint32_t flap);

  Kernel& kernel_;
  std::vector<std::string> names_;
  std::vector<Link> links_;  // node_count^2, index from * n + to; the diagonal is unused
  std::vector<LinkParams> params_table_;  // distinct parameter sets; [0] is the default
  std::vector<NodeState> node_states_;
  std::vector<std::vector<std::uint32_t>> held_;  // per node: flights waiting for resume
  std::vector<Flight> flights_;
  std::vector<std::uint32_t> free_flights_;
  std::vector<std::uint32_t> payload_copies_;  // per wire id: copies still pending
  std::vector<Flap> flaps_;
  std::uint64_t root_seed_;
  struct Owner {
    DeliverFn deliver;
    ReleaseFn release;
    DescribeFn describe;
  };
  std::array<Owner, 2> owners_;  // by channel
  std::uint32_t owner_count_ = 0;
  void deliver(NodeIndex to, NodeIndex from, std::uint32_t wire) { owners_[wire & 1].deliver(to, from, wire >> 1); }
  void release(std::uint32_t wire) { owners_[wire & 1].release(wire >> 1); }
  NetCounters counters_;
  TraceFn tracer_;
  bool trace_messages_ = false;
  void trace(NetRecord::Kind kind, NodeIndex from, NodeIndex to, std::uint32_t wire, DropCause cause = DropCause::loss) {
    if (tracer_) tracer_(NetRecord{kind, from, to, wire, cause, 0, {}});
  }
};

}  // namespace clustersim::sim
