#include "sim/net/network.h"

#include <algorithm>
#include <array>
#include <set>
#include <utility>

#include "model/assert.h"

namespace clustersim::sim {

std::string_view drop_cause_name(DropCause cause) {
  switch (cause) {
    case DropCause::loss: return "loss";
    case DropCause::link_down_at_send: return "link_down_at_send";
    case DropCause::link_down_in_flight: return "link_down_in_flight";
    case DropCause::node_crashed: return "node_crashed";
  }
  return "unknown";
}

std::uint64_t NetCounters::dropped_total() const {
  std::uint64_t total = 0;
  for (std::uint64_t count : dropped) total += count;
  return total;
}

Network::Network(Kernel& kernel, Options options)
    : kernel_(kernel), names_(std::move(options.node_names)), root_seed_(options.root_seed) {
  CLUSTERSIM_ASSERT(!names_.empty());
  CLUSTERSIM_ASSERT(!options.default_link.problem());
  CLUSTERSIM_ASSERT(std::set<std::string>(names_.begin(), names_.end()).size() == names_.size());
  const std::size_t n = names_.size();
  params_table_.push_back(options.default_link);
  links_.resize(n * n);
  node_states_.assign(n, NodeState::up);
  held_.resize(n);
}

std::uint32_t Network::attach(DeliverFn deliver, ReleaseFn release, DescribeFn describe) {
  CLUSTERSIM_ASSERT(owner_count_ < owners_.size());
  CLUSTERSIM_ASSERT(deliver && release);
  owners_[owner_count_] = Owner{std::move(deliver), std::move(release), std::move(describe)};
  return owner_count_++;
}

void Network::set_tracer(TraceFn tracer, bool messages) {
  tracer_ = std::move(tracer);
  trace_messages_ = messages;
}

std::string Network::describe(std::uint32_t wire) const {
  const Owner& owner = owners_[wire & 1];
  return owner.describe ? owner.describe(wire >> 1) : std::string();
}

std::vector<std::pair<NodeIndex, NodeIndex>> Network::flap_links(std::uint32_t flap) const {
  const std::size_t n = names_.size();
  std::vector<std::pair<NodeIndex, NodeIndex>> links;
  for (std::uint32_t index : flaps_.at(flap).links) {
    links.emplace_back(static_cast<NodeIndex>(index / n), static_cast<NodeIndex>(index % n));
  }
  return links;
}

const std::string& Network::node_name(NodeIndex node) const {
  CLUSTERSIM_ASSERT(node < names_.size());
  return names_[node];
}

std::optional<NodeIndex> Network::find_node(std::string_view name) const {
  for (std::size_t i = 0; i < names_.size(); ++i) {
    if (names_[i] == name) return static_cast<NodeIndex>(i);
  }
  return std::nullopt;
}

std::uint32_t Network::link_index(NodeIndex from, NodeIndex to) const {
  CLUSTERSIM_ASSERT(from < names_.size());
  CLUSTERSIM_ASSERT(to < names_.size());
  return static_cast<std::uint32_t>(from * names_.size() + to);
}

const LinkParams& Network::link_params(NodeIndex from, NodeIndex to) const {
  return params_of(links_[link_index(from, to)]);
}

void Network::set_link_params(NodeIndex from, NodeIndex to, const LinkParams& params) {
  CLUSTERSIM_ASSERT(!params.problem());
  const auto index = static_cast<std::size_t>(
      std::find(params_table_.begin(), params_table_.end(), params) - params_table_.begin());
  if (index == params_table_.size()) params_table_.push_back(params);
  link(from, to).params = static_cast<std::uint32_t>(index);
}

Random& Network::link_random(NodeIndex from, NodeIndex to, Link& l) {
  if (!l.random) l.random = Random::for_stream(root_seed_, {"net/link/", names_[from], "->", names_[to]});
  return *l.random;
}

bool Network::link_up(NodeIndex from, NodeIndex to) const {
  return links_[link_index(from, to)].up();
}

void Network::send(NodeIndex from, NodeIndex to, std::uint32_t payload, Duration departs_in) {
  CLUSTERSIM_ASSERT((payload & 1) < owner_count_);
  CLUSTERSIM_ASSERT(from != to);
  CLUSTERSIM_ASSERT(node_state(from) == NodeState::up);  // crashed or paused nodes do not act
  ++counters_.sent;
  if (payload >= payload_copies_.size()) payload_copies_.resize(payload + 1, 0);
  CLUSTERSIM_ASSERT(payload_copies_[payload] == 0);  // the owner reuses ids only after release
  Link& l = link(from, to);
  // Loss, duplication and reordering are drawn whatever the outcome, so that the stream's
  // position depends only on the messages the link has carried; a probability of zero, what
  // nearly every link has nearly all the time, takes no draw (three draws a message were a
  // twentieth of a run's instructions).
  const LinkParams& params = params_of(l);
  Random& random = link_random(from, to, l);
  const bool lost = params.loss > 0 && random.bernoulli(params.loss);
  const bool duplicated = params.duplicate > 0 && random.bernoulli(params.duplicate);
  if (trace_messages_) trace(NetRecord::Kind::sent, from, to, payload);
  if (!l.up() || lost) {
    const DropCause cause = !l.up() ? DropCause::link_down_at_send : DropCause::loss;
    ++counters_.dropped[static_cast<std::size_t>(cause)];
    trace(NetRecord::Kind::dropped, from, to, payload, cause);
    release(payload);
    return;
  }
  payload_copies_[payload] = duplicated ? 2 : 1;
  launch(from, to, payload, l, departs_in);
  if (duplicated) {
    ++counters_.duplicated;
    launch(from, to, payload, l, departs_in);
  }
}

void Network::launch(NodeIndex from, NodeIndex to, std::uint32_t payload, Link& l, Duration departs_in) {
  const LinkParams& params = params_of(l);
  Random& random = link_random(from, to, l);
  Time at = later(later(kernel_.now(), departs_in), params.latency.sample(random));
  if (params.reorder > 0 && random.bernoulli(params.reorder)) {
    // Out of order: an extra latency draw, and no place in the FIFO.
    at = later(at, params.latency.sample(random));
    ++counters_.reordered;
  } else {
    at = std::max(at, l.fifo_tail);
    l.fifo_tail = at;
  }
  std::uint32_t index = 0;
  const Flight flight{from, to, payload, l.down_epoch, false};
  if (!free_flights_.empty()) {
    index = free_flights_.back();
    free_flights_.pop_back();
    flights_[index] = flight;
  } else {
    index = static_cast<std::uint32_t>(flights_.size());
    flights_.push_back(flight);
  }
  schedule_arrival(at, index);
}

void Network::schedule_arrival(Time at, std::uint32_t flight) {
  kernel_.schedule_at(at, [this, flight] { arrive(flight); });
}

void Network::arrive(std::uint32_t index) {
  const Flight flight = flights_[index];  // a copy: delivery may send, growing flights_
  if (!flight.arrived) {
    const Link& l = links_[link_index(flight.from, flight.to)];
    if (!l.up() || l.down_epoch != flight.down_epoch) {
      drop(index, DropCause::link_down_in_flight);
      return;
    }
  }
  switch (node_states_[flight.to]) {
    case NodeState::crashed:
      drop(index, DropCause::node_crashed);
      return;
    case NodeState::paused:
      flights_[index].arrived = true;
      held_[flight.to].push_back(index);
      ++counters_.held;
      return;
    case NodeState::up:
      ++counters_.delivered;
      if (trace_messages_) trace(NetRecord::Kind::delivered, flight.from, flight.to, flight.payload);
      // Most messages are answered: the answer's link is fetched while the receiver works.
      __builtin_prefetch(&links_[link_index(flight.to, flight.from)]);
      deliver(flight.to, flight.from, flight.payload);
      finish(index);
      return;
  }
}

void Network::drop(std::uint32_t index, DropCause cause) {
  ++counters_.dropped[static_cast<std::size_t>(cause)];
  const Flight& flight = flights_[index];
  trace(NetRecord::Kind::dropped, flight.from, flight.to, flight.payload, cause);
  finish(index);
}

void Network::finish(std::uint32_t index) {
  const std::uint32_t payload = flights_[index].payload;
  free_flights_.push_back(index);
  CLUSTERSIM_ASSERT(payload_copies_[payload] > 0);
  if (--payload_copies_[payload] == 0) release(payload);
}

void Network::set_cut(std::uint32_t index, bool cut) {
  Link& l = links_[index];
  const bool was_up = l.up();
  l.cut = cut;
  if (was_up && !l.up()) ++l.down_epoch;
}

void Network::change_flaps_down(std::uint32_t index, int delta) {
  Link& l = links_[index];
  const bool was_up = l.up();
  CLUSTERSIM_ASSERT(delta > 0 || l.flaps_down > 0);
  l.flaps_down = static_cast<std::uint16_t>(l.flaps_down + delta);
  if (was_up && !l.up()) ++l.down_epoch;
}

void Network::partition(const std::vector<std::vector<NodeIndex>>& groups) {
  const std::size_t n = names_.size();
  const std::size_t unlisted = groups.size();  // the group of nodes named in no group
  std::vector<std::size_t> group_of(n, unlisted);
  for (std::size_t g = 0; g < groups.size(); ++g) {
    for (NodeIndex node : groups[g]) {
      CLUSTERSIM_ASSERT(node < n);
      CLUSTERSIM_ASSERT(group_of[node] == unlisted);  // in one group only
      group_of[node] = g;
    }
  }
  if (tracer_) {
    std::vector<std::vector<NodeIndex>> sides = groups;
    std::vector<NodeIndex> rest;
    for (NodeIndex node = 0; node < n; ++node) {
      if (group_of[node] == unlisted) rest.push_back(node);
    }
    if (!rest.empty()) sides.push_back(std::move(rest));
    trace_cut(NetRecord::Kind::partition, std::move(sides));
  }
  for (NodeIndex from = 0; from < n; ++from) {
    for (NodeIndex to = 0; to < n; ++to) {
      if (from != to && group_of[from] != group_of[to]) set_cut(link_index(from, to), true);
    }
  }
}

void Network::partition_one_way(const std::vector<NodeIndex>& senders,
                                const std::vector<NodeIndex>& receivers) {
  trace_cut(NetRecord::Kind::one_way, {senders, receivers});
  for (NodeIndex from : senders) {
    for (NodeIndex to : receivers) {
      if (from != to) set_cut(link_index(from, to), true);
    }
  }
}

void Network::isolate(NodeIndex node) {
  trace_cut(NetRecord::Kind::isolate, {{node}});
  for (NodeIndex other = 0; other < names_.size(); ++other) {
    if (other == node) continue;
    set_cut(link_index(node, other), true);
    set_cut(link_index(other, node), true);
  }
}

void Network::heal() {
  trace_cut(NetRecord::Kind::heal, {});
  for (std::uint32_t i = 0; i < links_.size(); ++i) set_cut(i, false);
}

void Network::flap_link(NodeIndex a, NodeIndex b, const FlapSpec& spec,
                        std::string_view stream_name) {
  CLUSTERSIM_ASSERT(a != b);
  std::vector<std::uint32_t> targets{link_index(a, b)};
  if (!spec.one_way) targets.push_back(link_index(b, a));
  start_flap(std::move(targets), spec, stream_name);
}

void Network::flap_node(NodeIndex node, const FlapSpec& spec, std::string_view stream_name) {
  std::vector<std::uint32_t> targets;
  for (NodeIndex other = 0; other < names_.size(); ++other) {
    if (other == node) continue;
    targets.push_back(link_index(node, other));
    targets.push_back(link_index(other, node));
  }
  start_flap(std::move(targets), spec, stream_name);
}

void Network::start_flap(std::vector<std::uint32_t> targets, const FlapSpec& spec,
                         std::string_view stream_name) {
  CLUSTERSIM_ASSERT(!spec.problem());
  CLUSTERSIM_ASSERT(spec.start >= kernel_.now());
  const auto index = static_cast<std::uint32_t>(flaps_.size());
  const std::string stream = "net/flap/" + std::string(stream_name);
  flaps_.push_back(Flap{std::move(targets), spec, Random::for_stream(root_seed_, stream)});
  kernel_.schedule_at(spec.start, [this, index] { toggle_flap(index); });
}

void Network::toggle_flap(std::uint32_t index) {
  Flap& flap = flaps_[index];
  const Time now = kernel_.now();
  const bool go_down = !flap.down && now < flap.spec.end;
  if (go_down == flap.down) return;  // at or past the end and already up: finished
  flap.down = go_down;
  for (std::uint32_t link_index : flap.links) change_flaps_down(link_index, go_down ? 1 : -1);
  if (tracer_) tracer_(NetRecord{go_down ? NetRecord::Kind::flap_down : NetRecord::Kind::flap_up, 0, 0, 0, DropCause::loss, index, {}});
  if (now >= flap.spec.end) return;  // the flap's last phase has ended; the link stays up
  const Duration nominal = go_down ? flap.spec.down_phase() : flap.spec.up_phase();
  const Duration jitter = flap.random.uniform_duration(-flap.spec.jitter, flap.spec.jitter);
  const Time next = std::min(later(now, std::max(nominal + jitter, Duration{1})), flap.spec.end);
  kernel_.schedule_at(next, [this, index] { toggle_flap(index); });
}

NodeState Network::node_state(NodeIndex node) const {
  CLUSTERSIM_ASSERT(node < node_states_.size());
  return node_states_[node];
}

void Network::crash(NodeIndex node) {
  CLUSTERSIM_ASSERT(node_state(node) != NodeState::crashed);
  node_states_[node] = NodeState::crashed;
  std::vector<std::uint32_t> held = std::move(held_[node]);
  held_[node].clear();
  for (std::uint32_t flight : held) drop(flight, DropCause::node_crashed);
}

void Network::restart(NodeIndex node) {
  CLUSTERSIM_ASSERT(node_state(node) == NodeState::crashed);
  node_states_[node] = NodeState::up;
}

void Network::pause(NodeIndex node) {
  CLUSTERSIM_ASSERT(node_state(node) == NodeState::up);
  node_states_[node] = NodeState::paused;
}

void Network::resume(NodeIndex node) {
  CLUSTERSIM_ASSERT(node_state(node) == NodeState::paused);
  node_states_[node] = NodeState::up;
  // Delivered as events at the current instant rather than inline, so the receiver does not
  // run inside whoever called resume(); the queue keeps them in their arrival order.
  for (std::uint32_t flight : held_[node]) schedule_arrival(kernel_.now(), flight);
  held_[node].clear();
}

}  // namespace clustersim::sim
