#include "sim/cluster/cluster.h"

#include "sim/cluster/message_text.h"

#include "model/assert.h"

namespace clustersim::sim {
namespace {

Network::Options network_options(const model::RaftConfig& raft, const ClusterOptions& options) {
  Network::Options result;
  result.node_names.reserve(raft.members.size());
  for (const model::RaftMember& member : raft.members) result.node_names.push_back(member.id);
  result.default_link = options.link;
  result.root_seed = options.seed;
  return result;
}

}  // namespace

std::vector<model::RaftMember> numbered_members(std::size_t count) {
  std::vector<model::RaftMember> members;
  for (std::size_t i = 1; i <= count; ++i) members.push_back({"ctrl" + std::to_string(i), model::Suffrage::voter});
  return members;
}

SimCluster::SimCluster(Kernel& kernel, ClusterOptions options)
    : kernel_(kernel),
      options_(std::move(options)),
      raft_(std::make_shared<const model::RaftConfig>(std::move(options_.raft))),
      network_(kernel, network_options(*raft_, options_)),
      transport_(network_,
                 [this](NodeIndex to, NodeIndex from, const model::Message& message) {
                   nodes_[to]->deliver(from, message);
                 },
                 [](const model::Message& message) { return message_text(message); }),
      truth_(raft_->members.size()) {
  // Once for every node: each is a member of the list, so this is each node's precondition.
  CLUSTERSIM_ASSERT(!raft_->problem());
  // Every node that starts with a configuration starts with the same one: made once.
  const model::Membership bootstrap = raft_->bootstrap_membership();
  nodes_.reserve(raft_->members.size());
  channels_.reserve(raft_->members.size());
  generation_.reserve(raft_->members.size());
  for (NodeIndex i = 0; i < raft_->members.size(); ++i) {
    NodeListener& listener = *this;
    const NodeTiming timing = i < options_.timing.size() ? options_.timing[i] : NodeTiming{};
    nodes_.push_back(std::make_unique<SimNode>(kernel_, network_, transport_, raft_, i,
                                               options_.seed, listener, timing));
    channels_.push_back(std::make_unique<ObserverChannel>(
        kernel_, Random::for_stream(options_.seed, "observer/" + id(i)),
        [this, i](const model::Observation& o) {
          for (NodeListener* l : listeners_) l->on_observation(i, o);
        },
        [this, i](const model::Observation& o) {
          for (NodeListener* l : listeners_) l->on_observation_lost(i, o);
        }));
    generation_.push_back(Generation{Random::for_stream(options_.seed, "startup/" + id(i)), {}, false, false});
    if (raft_->starts_with_bootstrap(i)) truth_.record_configuration(i, time_zero, 0, bootstrap);
  }
}

void SimCluster::start() {
  for (auto& node : nodes_) node->start();  // now, or held down until its boot
  for (NodeIndex i = 0; i < nodes_.size(); ++i) {
    if (nodes_[i]->state() != NodeState::crashed) begin_process(i);  // a later boot begins its own
  }
}

void SimCluster::begin_process(NodeIndex node) {
  if (!delayed_generation()) return;
  Generation& g = generation_[node];
  channels_[node]->hold(options_.observer_queue, [this, node] { block_raft(node); });
  g.pending = true;
  const Spread<Duration>& delay = options_.generation_delay;
  const Duration wait = delay.fixed() ? delay.low : g.random.uniform_duration(delay.low, delay.high);
  g.timer = kernel_.schedule_after(wait, [this, node] { start_generation(node); });
}

void SimCluster::block_raft(NodeIndex node) {
  if (nodes_[node]->state() != NodeState::up) return;  // paused: it does nothing meanwhile anyway
  generation_[node].blocked = true;
  raft_blocks_.push_back({node, kernel_.now(), std::nullopt});
  nodes_[node]->block();
}

void SimCluster::end_block(NodeIndex node) {
  for (auto it = raft_blocks_.rbegin(); it != raft_blocks_.rend(); ++it) {
    if (it->node == node && !it->until) {
      it->until = kernel_.now();
      return;
    }
  }
}

void SimCluster::start_generation(NodeIndex node) {
  Generation& g = generation_[node];
  g.pending = false;
  CLUSTERSIM_ASSERT(nodes_[node]->state() != NodeState::crashed);  // a crash cancels the generation's timer
  std::optional<model::Observation> snapshot;
  const model::RaftNode& raft = nodes_[node]->raft();
  if (raft.leader() != model::no_node) {
    snapshot = model::Observation{model::Observation::Kind::leader, raft.role(), raft.leader(), raft.term()};
  }
  for (NodeListener* listener : listeners_) listener->on_generation_start(node, snapshot);
  channels_[node]->release();
  if (g.blocked) {
    g.blocked = false;
    end_block(node);
    if (nodes_[node]->state() == NodeState::paused) nodes_[node]->unblock();
  }
}

NodeIndex SimCluster::find(std::string_view id) const {
  for (NodeIndex i = 0; i < raft_->members.size(); ++i) {
    if (raft_->members[i].id == id) return i;
  }
  return model::no_node;
}

bool SimCluster::leads_now(NodeIndex node) const {
  return nodes_[node]->state() != NodeState::crashed && nodes_[node]->raft().role() == model::RaftState::leader;
}

std::vector<NodeIndex> SimCluster::current_leaders() const {
  std::vector<NodeIndex> leaders;
  for (NodeIndex i = 0; i < nodes_.size(); ++i) {
    if (leads_now(i)) leaders.push_back(i);
  }
  return leaders;
}

// Asked of each node in turn rather than of a list of leaders made first: a write is a scenario's
// most frequent action, and a node's write reaches the others only through the network, later,
// so it cannot change which of them lead now.
std::size_t SimCluster::client_write() {
  std::size_t accepted = 0;
  for (NodeIndex i = 0; i < nodes_.size(); ++i) {
    if (leads_now(i)) accepted += nodes_[i]->client_write() ? 1u : 0u;
  }
  return accepted;
}

void SimCluster::on_observation(NodeIndex node, const model::Observation& observation) {
  channels_[node]->offer(observation);
}

void SimCluster::on_state(NodeIndex node, model::RaftState role, std::uint64_t term,
                          NodeIndex leader) {
  truth_.record(node, kernel_.now(), role, term, leader);
  for (NodeListener* listener : listeners_) listener->on_state(node, role, term, leader);
}

void SimCluster::on_configuration_committed(NodeIndex node, const model::ConfigurationEntry& entry) {
  // OpenZiti's FSM stores a configuration only if newer than the one it stored (and keeps that
  // across restarts); the listeners hear what it stores, once per index.
  if (!truth_.record_configuration(node, kernel_.now(), entry.index, entry.membership)) return;
  for (NodeListener* listener : listeners_) listener->on_configuration_committed(node, entry);
}

void SimCluster::on_request_ended(NodeIndex node, const model::RequestEnded& ended) {
  for (NodeListener* listener : listeners_) listener->on_request_ended(node, ended);
}

void SimCluster::on_crash(NodeIndex node) {
  const std::uint64_t term = nodes_[node]->durable().current_term;
  truth_.record(node, kernel_.now(), model::RaftState::shutdown, term, model::no_node);
  channels_[node]->crash();
  Generation& g = generation_[node];
  kernel_.cancel(g.timer);
  g.timer = TimerId{};
  g.pending = false;
  if (g.blocked) end_block(node);
  g.blocked = false;
  for (NodeListener* listener : listeners_) listener->on_crash(node);
}

void SimCluster::on_restart(NodeIndex node) {
  begin_process(node);  // first: the listeners ask whether its event generation waits
  for (NodeListener* listener : listeners_) listener->on_restart(node);
}

void SimCluster::on_held_down(NodeIndex node) {
  truth_.record(node, kernel_.now(), model::RaftState::shutdown, 0, model::no_node);
  for (NodeListener* listener : listeners_) listener->on_held_down(node);
}

void SimCluster::on_pause(NodeIndex node) {
  channels_[node]->pause();
  for (NodeListener* listener : listeners_) listener->on_pause(node);
}

void SimCluster::on_resume(NodeIndex node) {
  for (NodeListener* listener : listeners_) listener->on_resume(node);
  channels_[node]->resume();  // what waited is taken once the tracker's process runs again
}

}  // namespace clustersim::sim
