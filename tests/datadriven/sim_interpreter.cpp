#include "tests/datadriven/sim_interpreter.h"

#include "sim/simulation/simulation.h"

namespace clustersim::testing {
namespace {

using sim::Duration;
using sim::NodeIndex;

std::string node_state_name(sim::NodeState state) {
  switch (state) {
    case sim::NodeState::up: return "up";
    case sim::NodeState::paused: return "paused";
    case sim::NodeState::crashed: return "crashed";
  }
  return "?";
}

}  // namespace

struct SimInterpreter::State {
  std::unique_ptr<sim::Simulation> simulation;
  std::size_t events_shown = 0;

  sim::Simulation& get() {
    if (!simulation) throw ScriptError{"no world yet: start with \"world\""};
    return *simulation;
  }
  // A node by id, "leader" (the one current leader) or "that" (the node the last node
  // command acted on).
  NodeIndex node(const std::string& reference) {
    if (reference == "that") {
      if (that == model::no_node) throw ScriptError{"\"that\" before any node command"};
      return that;
    }
    const std::string id = reference == "leader" ? get().leader() : reference;
    if (id.empty()) throw ScriptError{"no single leader now"};
    const NodeIndex index = get().cluster().find(id);
    if (index == model::no_node) throw ScriptError{"unknown node \"" + id + "\""};
    return index;
  }
  NodeIndex that = model::no_node;
  std::vector<NodeIndex> nodes(const std::string& list) {
    std::vector<NodeIndex> out;
    for (const std::string& id : comma_list(list)) out.push_back(node(id));
    return out;
  }
  std::string new_events() {
    std::string out;
    const auto& events = get().events();
    for (; events_shown < events.size(); ++events_shown) {
      const sim::RecordedEvent& e = events[events_shown];
      out += sim::format_time(e.at) + " " + e.event.source_id + " " + std::string(model::event_type_name(e.event.type)) +
             (e.event.leader_id.empty() ? "" : " " + e.event.leader_id) + "\n";
    }
    return out;
  }
};

SimInterpreter::SimInterpreter() : state_(std::make_unique<State>()) {}
SimInterpreter::~SimInterpreter() = default;

std::string SimInterpreter::run(const Command& c) {
  State& s = *state_;
  if (c.name == "world") {
    sim::Scenario scenario;
    scenario.name = "script";
    scenario.raft = c.get("preset") == "openziti" ? model::RaftConfig::openziti_preset() : model::RaftConfig::hashicorp_defaults();
    scenario.raft.members = sim::numbered_members(std::stoul(c.need("nodes")));
    for (const std::string& id : comma_list(c.get("non_voters"))) {
      for (model::RaftMember& member : scenario.raft.members) {
        if (member.id == id) member.suffrage = model::Suffrage::nonvoter;
      }
    }
    const auto policy = model::parse_policy(c.get("policy", "stable"));
    if (!policy) throw ScriptError{"unknown policy"};
    scenario.policy = *policy;
    scenario.stability_window = script_duration(c.get("window", "0s"), "window");
    scenario.seed = std::stoull(c.get("seed", "1"));
    const Duration latency = script_duration(c.get("latency", "1ms"), "latency");
    scenario.network.latency = sim::LatencyModel::uniform(latency / 2, latency * 2);
    const std::vector<std::string> not_members = comma_list(c.get("not_members"));
    if (!not_members.empty()) {
      for (const model::RaftMember& member : scenario.raft.members) {
        if (std::find(not_members.begin(), not_members.end(), member.id) == not_members.end()) {
          scenario.tracker_members.push_back(member.id);
        }
      }
    }
    scenario.duration = std::chrono::hours(24);
    s.simulation = std::make_unique<sim::Simulation>(scenario);
    s.events_shown = 0;
    s.simulation->start();
    return s.new_events();
  }
  sim::Simulation& simulation = s.get();
  sim::Network& network = simulation.cluster().network();
  if (c.name == "run") {
    if (c.words.empty()) throw ScriptError{"run needs a duration"};
    const bool completed = simulation.run_for(script_duration(c.words[0], "run"));
    std::string out = s.new_events();
    if (!completed) out += "stopped: " + simulation.limit()->check + "\n";
    const std::string leader = simulation.leader();
    out += "at " + sim::format_time(simulation.now()) + ": " +
           (leader.empty() ? std::string("no single leader")
                           : "leader " + leader + " in term " + std::to_string(simulation.node(leader).term())) +
           "\n";
    return out;
  }
  const auto act_on_node = [&](auto&& act) {
    if (c.words.empty()) throw ScriptError{c.name + " needs a node"};
    const NodeIndex index = s.node(c.words[0]);
    s.that = index;
    act(simulation.node(index));
    return c.name + " " + simulation.cluster().id(index);
  };
  if (c.name == "crash") return act_on_node([](sim::NodeHandle n) { n.crash(); });
  if (c.name == "restart") return act_on_node([](sim::NodeHandle n) { n.restart(); });
  if (c.name == "pause") return act_on_node([](sim::NodeHandle n) { n.pause(); });
  if (c.name == "resume") return act_on_node([](sim::NodeHandle n) { n.resume(); });
  if (c.name == "isolate") return act_on_node([](sim::NodeHandle n) { n.isolate(); });
  if (c.name == "heal") {
    simulation.heal();
    return "healed";
  }
  if (c.name == "partition") {
    std::vector<std::vector<NodeIndex>> groups;
    for (const std::string& word : c.words) groups.push_back(s.nodes(word));
    network.partition(groups);
    return "";
  }
  if (c.name == "cut") {
    network.partition_one_way(s.nodes(c.need("from")), s.nodes(c.need("to")));
    return "";
  }
  if (c.name == "flap") {
    if (c.words.empty()) throw ScriptError{"flap needs a node"};
    sim::FlapSpec flap;
    flap.start = simulation.now();
    flap.end = simulation.now() + script_duration(c.need("for"), "for");
    flap.period = script_duration(c.need("period"), "period");
    flap.down_fraction = std::stod(c.get("down", "0.5"));
    if (auto problem = flap.problem()) throw ScriptError{*problem};
    network.flap_node(s.node(c.words[0]), flap, "script/" + c.words[0]);
    return "";
  }
  if (c.name == "status") {
    std::string out;
    for (NodeIndex i = 0; i < simulation.cluster().size(); ++i) {
      const sim::NodeHandle n = simulation.node(i);
      out += simulation.cluster().id(i) + ": " + node_state_name(n.state());
      if (n.state() != sim::NodeState::crashed) {
        const auto reported = n.reported();
        out += " " + std::string(model::raft_state_name(n.role())) + " term=" + std::to_string(n.term()) +
               " leader=" + (n.leader().empty() ? "none" : n.leader()) + " reports " +
               (reported && reported->has_leader ? "has_leader " + reported->leader_id : std::string("is_leaderless"));
      }
      out += "\n";
    }
    return out;
  }
  throw ScriptError{"unknown command \"" + c.name + "\""};
}

}  // namespace clustersim::testing
