// A small world of MeshNodes for the mesh model's tests: a queue of timed deliveries and
// timer firings, links with a fixed latency that can be cut one way or both, processes that
// can crash (their channels reset) and restart. Every cluster event is recorded with its time.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "model/mesh/mesh_node.h"

namespace clustersim::model::testing {

using namespace std::chrono_literals;

struct RecordedMeshEvent {
  std::chrono::nanoseconds at;
  NodeIndex node;
  MeshEvent event;
};

class MeshWorld {
 public:
  using Nanos = std::chrono::nanoseconds;

  MeshWorld(MeshConfig config, std::vector<bool> members, std::vector<std::string> versions)
      : config_(config), members_(std::move(members)), versions_(std::move(versions)) {
    for (NodeIndex i = 0; i < members_.size(); ++i) nodes_.push_back(std::make_unique<Slot>(*this, i));
  }

  void start(NodeIndex node) {
    Slot& slot = *nodes_[node];
    slot.mesh = std::make_unique<MeshNode>(config_, node, ++slot.life, members_, versions_[node], slot, slot);
    slot.mesh->set_raft_role(slot.role, now_);
    slot.mesh->start(now_);
  }
  void start_all() {
    for (NodeIndex i = 0; i < nodes_.size(); ++i) start(i);
  }
  void crash(NodeIndex node) {
    nodes_[node]->mesh->shutdown();
    nodes_[node]->mesh.reset();
  }
  void set_role(NodeIndex node, RaftState role) {
    nodes_[node]->role = role;
    if (nodes_[node]->mesh) nodes_[node]->mesh->set_raft_role(role, now_);
  }
  void set_version(NodeIndex node, std::string version) { versions_[node] = std::move(version); }
  void cut(NodeIndex from, NodeIndex to) { cut_.insert({from, to}); }
  void cut_both(NodeIndex a, NodeIndex b) { cut(a, b), cut(b, a); }
  void heal() { cut_.clear(); }

  void run_until(Nanos until) {
    while (!queue_.empty() && queue_.begin()->first.first <= until) {
      auto first = queue_.begin();
      now_ = first->first.first;
      auto action = std::move(first->second);
      queue_.erase(first);
      action();
    }
    now_ = until;
  }

  Nanos now() const { return now_; }
  const MeshNode& node(NodeIndex i) const { return *nodes_[i]->mesh; }
  bool up(NodeIndex i) const { return nodes_[i]->mesh != nullptr; }
  const std::vector<RecordedMeshEvent>& events() const { return events_; }
  std::vector<RecordedMeshEvent> events_of(NodeIndex node, MeshEvent::Kind kind) const {
    std::vector<RecordedMeshEvent> out;
    for (const auto& e : events_) {
      if (e.node == node && e.event.kind == kind) out.push_back(e);
    }
    return out;
  }
  // Hellos `from` sent to `to`, with their times.
  std::vector<Nanos> hellos(NodeIndex from, NodeIndex to) const {
    std::vector<Nanos> out;
    for (const auto& [at, f, t] : hellos_) {
      if (f == from && t == to) out.push_back(at);
    }
    return out;
  }
  // Both ends hold the same current channel.
  bool connected(NodeIndex a, NodeIndex b) const {
    if (!up(a) || !up(b)) return false;
    const auto ab = node(a).channel_to(b), ba = node(b).channel_to(a);
    return ab && ba && *ab == *ba;
  }

  static constexpr Nanos latency = 1ms;

 private:
  struct Slot final : MeshEffects, RandomSource {
    Slot(MeshWorld& owner, NodeIndex index) : world(owner), self(index) {}
    void send(NodeIndex to, const MeshMessage& message) override {
      if (message.type == MeshMessageType::hello) world.hellos_.push_back({world.now_, self, to});
      if (world.cut_.count({self, to}) != 0) return;
      const std::uint32_t life_then = world.nodes_[to]->life;
      world.at(world.now_ + latency, [this, to, message, life_then] {
        Slot& target = *world.nodes_[to];
        if (target.mesh && target.life == life_then && world.cut_.count({self, to}) == 0) {
          target.mesh->step(self, message, world.now_);
        }
      });
    }
    void timer(const MeshTimerCommand& command) override {
      const auto key = std::make_pair(command.kind, command.peer);
      const std::uint64_t generation = ++generations[key];
      if (!command.arm) return;
      const std::uint32_t life_then = life;
      world.at(command.at, [this, key, generation, life_then] {
        if (mesh && life == life_then && generations[key] == generation) mesh->on_timer(key.first, key.second, world.now_);
      });
    }
    void event(const MeshEvent& event) override { world.events_.push_back({world.now_, self, event}); }
    std::chrono::nanoseconds uniform(std::chrono::nanoseconds low, std::chrono::nanoseconds high) override {
      draw = draw * 6364136223846793005ULL + 1442695040888963407ULL;
      return low + std::chrono::nanoseconds((draw >> 11) % static_cast<std::uint64_t>((high - low).count()));
    }

    MeshWorld& world;
    NodeIndex self;
    std::unique_ptr<MeshNode> mesh;
    std::uint32_t life = 0;
    RaftState role = RaftState::follower;
    std::map<std::pair<MeshTimerKind, NodeIndex>, std::uint64_t> generations;
    std::uint64_t draw = 12345;
  };

  void at(Nanos when, std::function<void()> action) { queue_.emplace(std::make_pair(when, sequence_++), std::move(action)); }

  MeshConfig config_;
  std::vector<bool> members_;
  std::vector<std::string> versions_;
  std::vector<std::unique_ptr<Slot>> nodes_;
  std::map<std::pair<Nanos, std::uint64_t>, std::function<void()>> queue_;
  std::uint64_t sequence_ = 0;
  Nanos now_{0};
  std::set<std::pair<NodeIndex, NodeIndex>> cut_;
  std::vector<RecordedMeshEvent> events_;
  std::vector<std::tuple<Nanos, NodeIndex, NodeIndex>> hellos_;
};

}  // namespace clustersim::model::testing
