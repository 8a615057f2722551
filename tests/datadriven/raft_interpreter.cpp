#include "tests/datadriven/raft_interpreter.h"

#include <algorithm>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <sstream>

#include "model/raft/invariants.h"
#include "model/raft/raft_node.h"
#include "sim/core/time.h"

namespace clustersim::testing {
namespace {

using model::Message;
using model::MessageType;
using model::NodeIndex;
using model::TimerKind;
using Nanos = std::chrono::nanoseconds;

std::string timer_name(TimerKind kind) {
  switch (kind) {
    case TimerKind::follower: return "follower";
    case TimerKind::election: return "election";
    case TimerKind::lease: return "lease";
    case TimerKind::peer_heartbeat: return "heartbeat";
    case TimerKind::peer_replicate: return "replicate";
    case TimerKind::transfer: return "transfer";
  }
  return "?";
}

std::optional<TimerKind> parse_timer(const std::string& name) {
  for (TimerKind kind : {TimerKind::follower, TimerKind::election, TimerKind::lease, TimerKind::peer_heartbeat,
                         TimerKind::peer_replicate, TimerKind::transfer}) {
    if (timer_name(kind) == name) return kind;
  }
  return std::nullopt;
}

std::string at(Nanos t) { return sim::format_duration(t); }

Nanos duration_arg(const Command& command, const std::string& key, Nanos fallback) {
  return command.has(key) ? script_duration(command.get(key), key) : fallback;
}

bool bool_arg(const Command& command, const std::string& key, bool fallback) {
  if (!command.has(key)) return fallback;
  return command.get(key) == "true";
}

// Draws `fraction` of the way through [low, high): scripts choose where timers land.
class ScriptedRandom final : public model::RandomSource {
 public:
  Nanos uniform(Nanos low, Nanos high) override {
    const auto span = static_cast<double>((high - low).count());
    return std::min(high - Nanos{1}, low + Nanos{static_cast<std::int64_t>(span * fraction)});
  }
  double fraction = 0;
};

}  // namespace

struct RaftInterpreter::World {
  struct Pending {
    NodeIndex from, to;
    Message message;
  };
  struct Armed {
    TimerKind kind;
    NodeIndex peer;
    Nanos at;
    std::uint64_t order;  // arming order: ties in time fire in it
  };

  // One node and what it asks of its environment, printed as it happens.
  struct Node final : model::Effects, model::DecisionLog {
    World* world = nullptr;
    NodeIndex index = 0;
    ScriptedRandom random;
    model::DurableState saved;
    std::optional<model::RaftNode> raft;
    std::vector<Armed> timers;

    void send(NodeIndex to, const Message& message) override {
      const bool cut = world->cuts.count({index, to}) != 0;
      world->print("  " + world->describe(index, to, message) + (cut ? " (lost: cut)" : ""));
      if (!cut) world->pending.push_back({index, to, message});
    }
    void timer(const model::TimerCommand& command) override {
      std::erase_if(timers, [&](const Armed& t) { return t.kind == command.kind && t.peer == command.peer; });
      const std::string what = timer_name(command.kind) + (command.peer == model::no_node ? "" : " " + world->id(command.peer));
      if (command.arm) {
        timers.push_back({command.kind, command.peer, command.at, world->arm_order++});
        world->print("  " + world->id(index) + " arms " + what + " at " + at(command.at));
      }
    }
    void observe(const model::Observation& o) override {
      world->out << "  " << world->id(index) << " observes ";
      if (o.kind == model::Observation::Kind::raft_state) {
        world->out << "RaftState(" << model::raft_state_name(o.state) << ")";
      } else {
        world->out << "leader=" << (o.leader == model::no_node ? std::string("\"\"") : world->id(o.leader));
      }
      world->out << " term=" << o.term << "\n";
    }
    void decided(NodeIndex, std::string_view why) override { world->out << "  why: " << why << "\n"; }
    void configuration_committed(const model::ConfigurationEntry& entry) override {
      world->out << "  " << world->id(index) << " commits configuration " << world->describe(entry) << "\n";
    }
    void request_ended(const model::RequestEnded& ended) override {
      world->out << "  " << world->id(index) << " request ends: ";
      if (ended.kind == model::RequestEnded::Kind::membership_change) {
        world->out << model::change_kind_name(ended.change.kind) << " " << world->id(ended.change.node);
      } else {
        world->out << "transfer to " << world->id(ended.target);
      }
      world->out << (ended.succeeded ? " succeeded: " : " failed: ") << ended.reason << "\n";
    }
  };

  // "5:{ctrl1,ctrl2,ctrl3 nonvoter=ctrl4}": an entry's index and members.
  std::string describe(const model::ConfigurationEntry& entry) const {
    std::string voters, nonvoters;
    for (NodeIndex node = 0; node < config.members.size(); ++node) {
      std::string& list = entry.membership.is_voter(node) ? voters : nonvoters;
      if (!entry.membership.is_member(node)) continue;
      list += (list.empty() ? "" : ",") + id(node);
    }
    return std::to_string(entry.index) + ":{" + voters + (nonvoters.empty() ? "" : " nonvoter=" + nonvoters) + "}";
  }

  const std::string& id(NodeIndex node) const { return config.members[node].id; }
  // Messages and timers, unless a `run` keeps to reasons and observations.
  void print(const std::string& line) {
    if (!quiet) out << line << "\n";
  }

  NodeIndex node_of(const std::string& name) const {
    for (NodeIndex i = 0; i < config.members.size(); ++i) {
      if (config.members[i].id == name) return i;
    }
    throw ScriptError{"unknown node \"" + name + "\""};
  }

  std::string describe(NodeIndex from, NodeIndex to, const Message& m) const {
    std::ostringstream s;
    s << id(from) << " -> " << id(to) << " ";
    if (m.type == MessageType::append_entries && m.heartbeat) {
      s << "heartbeat term=" << m.term;
      return s.str();
    }
    s << model::message_type_name(m.type) << " term=" << m.term;
    switch (m.type) {
      case MessageType::append_entries: {
        s << " prev=" << m.prev_log_index << "/" << m.prev_log_term << " entries=[";
        for (std::size_t i = 0; i < m.entry_terms.size(); ++i) s << (i ? "," : "") << m.entry_terms[i];
        s << "] commit=" << m.leader_commit;
        if (m.configurations) {
          for (const model::ConfigurationEntry& entry : *m.configurations) s << " configuration=" << describe(entry);
        }
        break;
      }
      case MessageType::timeout_now: break;
      case MessageType::timeout_now_response: break;
      case MessageType::request_vote:
        s << " last=" << m.last_log_index << "/" << m.last_log_term << (m.leadership_transfer ? " transfer" : "");
        break;
      case MessageType::request_pre_vote: s << " last=" << m.last_log_index << "/" << m.last_log_term; break;
      case MessageType::append_entries_response:
        s << (m.granted ? " accepted" : " rejected") << (m.heartbeat ? " (heartbeat)" : "") << " last=" << m.last_log_index;
        break;
      default: s << (m.granted ? " granted" : " rejected"); break;
    }
    return s.str();
  }

  // Runs one input on a node and checks the model's invariants after it.
  template <typename Input>
  void input(Node& node, Input&& act) {
    model::RaftNode& raft = *node.raft;
    const model::RaftNode::Before before = raft.before();
    act(raft);
    if (auto problem = model::state_violation(raft)) out << "  INVARIANT VIOLATED at " << id(node.index) << ": " << *problem << "\n";
    if (auto problem = model::transition_violation(before, raft)) {
      out << "  INVARIANT VIOLATED at " << id(node.index) << ": " << *problem << "\n";
    }
  }

  void boot(Node& node) {
    node.raft.emplace(config, node.index, node.saved, node.random, static_cast<model::Effects&>(node));
    node.raft->set_decision_log(&node);
    input(node, [&](model::RaftNode& raft) { raft.start(now); });
  }

  void fire(Node& node, std::size_t timer) {
    const Armed armed = node.timers[timer];
    node.timers.erase(node.timers.begin() + static_cast<std::ptrdiff_t>(timer));
    print(id(node.index) + " fires " + timer_name(armed.kind) + (armed.peer == model::no_node ? "" : " " + id(armed.peer)) +
          " at " + at(now));
    input(node, [&](model::RaftNode& raft) { raft.on_timer(armed.kind, armed.peer, now); });
  }

  // Delivers rounds of messages until none is in flight (timers do not fire meanwhile).
  void stabilize() {
    for (int round = 0; !pending.empty(); ++round) {
      if (round == 100) throw ScriptError{"messages still in flight after 100 rounds"};
      std::deque<Pending> batch = std::move(pending);
      pending.clear();
      for (const Pending& p : batch) deliver(p);
    }
  }

  // Hands one message to its receiver now, or says it is lost to a crashed one.
  void deliver(const Pending& p) {
    Node& to = nodes[p.to];
    if (!to.raft) {
      print("lost " + describe(p.from, p.to, p.message) + " (crashed)");
      return;
    }
    print(describe(p.from, p.to, p.message));
    input(to, [&](model::RaftNode& raft) { raft.step(p.from, p.message, now); });
  }

  // Fires due timers in time order up to `until`; with `live`, every message is delivered at
  // once after each timer (a network with no latency).
  void tick(Nanos until, bool live = false) {
    while (true) {
      Node* next = nullptr;
      std::size_t which = 0;
      for (Node& node : nodes) {
        if (!node.raft) continue;
        for (std::size_t t = 0; t < node.timers.size(); ++t) {
          const Armed& a = node.timers[t];
          if (a.at > until) continue;
          if (next == nullptr || a.at < next->timers[which].at ||
              (a.at == next->timers[which].at && a.order < next->timers[which].order)) {
            next = &node;
            which = t;
          }
        }
      }
      if (next == nullptr) break;
      now = std::max(now, next->timers[which].at);
      fire(*next, which);
      if (live) stabilize();
    }
    now = until;
  }

  bool matches(const Pending& p, const Command& c) const {
    if (c.has("from") && p.from != node_of(c.get("from"))) return false;
    if (c.has("to") && p.to != node_of(c.get("to"))) return false;
    if (c.has("type")) {
      const std::string type = p.message.type == MessageType::append_entries && p.message.heartbeat
                                   ? "heartbeat"
                                   : std::string(model::message_type_name(p.message.type));
      if (type != c.get("type")) return false;
    }
    return true;
  }

  model::RaftConfig config;
  std::deque<Node> nodes;
  std::deque<Pending> pending;
  Nanos now{0};
  std::uint64_t arm_order = 0;
  std::set<std::pair<NodeIndex, NodeIndex>> cuts;  // (from, to): messages sent are lost
  bool quiet = false;
  std::ostringstream out;
};

RaftInterpreter::RaftInterpreter() : world_(std::make_unique<World>()) {}
RaftInterpreter::~RaftInterpreter() = default;

std::string RaftInterpreter::run(const Command& c) {
  World& w = *world_;
  w.out.str("");
  if (c.name == "cluster") {
    model::RaftConfig config = model::RaftConfig::hashicorp_defaults();
    const std::vector<std::string> non_voters = comma_list(c.get("non_voters"));
    const std::vector<std::string> joiners = comma_list(c.get("joiners"));  // not in the bootstrap configuration
    const auto listed = [](const std::vector<std::string>& list, const std::string& id) {
      return std::find(list.begin(), list.end(), id) != list.end();
    };
    for (const std::string& id : comma_list(c.need("ids"))) {
      config.members.push_back({id, listed(joiners, id)      ? model::Suffrage::none
                                    : listed(non_voters, id) ? model::Suffrage::nonvoter
                                                             : model::Suffrage::voter});
    }
    config.pre_vote = bool_arg(c, "pre_vote", config.pre_vote);
    config.leader_stickiness = bool_arg(c, "stickiness", config.leader_stickiness);
    config.heartbeat_timeout = duration_arg(c, "heartbeat", config.heartbeat_timeout);
    config.election_timeout = duration_arg(c, "election", config.election_timeout);
    config.leader_lease_timeout = duration_arg(c, "lease", config.leader_lease_timeout);
    if (c.get("mode") == "range") {
      config.timer_mode = model::TimerMode::range;
      config.election_timeout_min = duration_arg(c, "min", Nanos{0});
      config.election_timeout_max = duration_arg(c, "max", Nanos{0});
      config.heartbeat_interval = duration_arg(c, "interval", Nanos{0});
    }
    for (const model::RaftMember& member : config.members) {
      if (auto problem = config.problem(member.id)) throw ScriptError{*problem};
    }
    w.config = config;
    w.nodes.clear();
    for (NodeIndex i = 0; i < config.members.size(); ++i) {
      World::Node& node = w.nodes.emplace_back();
      node.world = &w;
      node.index = i;
      // Spread by default, so that timers of different nodes rarely tie: 0, 0.3, 0.6, 0.9, 0.2...
      node.random.fraction = static_cast<double>((3 * i) % 10) / 10.0;
    }
    return "";
  }
  if (c.name == "start") {
    for (World::Node& node : w.nodes) w.boot(node);
  } else if (c.name == "random") {
    w.nodes.at(w.node_of(c.words.at(0))).random.fraction = std::stod(c.need("fraction"));
  } else if (c.name == "tick") {
    if (c.words.empty()) throw ScriptError{"tick needs a duration"};
    w.tick(w.now + script_duration(c.words[0], "tick"));
    w.out << "now " << at(w.now) << "\n";
  } else if (c.name == "fire") {
    World::Node& node = w.nodes.at(w.node_of(c.words.at(0)));
    const auto kind = parse_timer(c.words.at(1));
    if (!kind) throw ScriptError{"unknown timer \"" + c.words[1] + "\""};
    const NodeIndex peer = c.has("peer") ? w.node_of(c.get("peer")) : model::no_node;
    const auto found = std::find_if(node.timers.begin(), node.timers.end(),
                                    [&](const World::Armed& a) { return a.kind == *kind && a.peer == peer; });
    if (found == node.timers.end()) throw ScriptError{c.words[1] + " is not armed at " + c.words[0]};
    w.fire(node, static_cast<std::size_t>(found - node.timers.begin()));
  } else if (c.name == "deliver" || c.name == "drop") {
    std::size_t limit = c.has("count") ? std::stoul(c.get("count")) : SIZE_MAX;
    std::deque<World::Pending> kept;
    std::vector<World::Pending> chosen;
    for (World::Pending& p : w.pending) {
      if (chosen.size() < limit && w.matches(p, c)) chosen.push_back(p); else kept.push_back(p);
    }
    w.pending = std::move(kept);
    for (const World::Pending& p : chosen) {
      if (c.name == "drop") {
        w.out << "dropped " << w.describe(p.from, p.to, p.message) << "\n";
      } else {
        w.deliver(p);
      }
    }
  } else if (c.name == "stabilize") {
    w.stabilize();
  } else if (c.name == "run") {
    if (c.words.empty()) throw ScriptError{"run needs a duration"};
    w.stabilize();
    w.quiet = true;
    w.tick(w.now + script_duration(c.words[0], "run"), true);
    w.quiet = false;
    w.out << "now " << at(w.now) << "\n";
  } else if (c.name == "cut" || c.name == "mend") {
    if (c.words.size() != 2) throw ScriptError{c.name + " NODE NODE"};
    const NodeIndex a = w.node_of(c.words[0]), b = w.node_of(c.words[1]);
    for (const auto& link : {std::pair{a, b}, std::pair{b, a}}) {
      if (c.name == "cut") w.cuts.insert(link); else w.cuts.erase(link);
    }
  } else if (c.name == "isolate") {
    const NodeIndex a = w.node_of(c.words.at(0));
    for (NodeIndex b = 0; b < w.nodes.size(); ++b) {
      if (b == a) continue;
      w.cuts.insert({a, b});
      w.cuts.insert({b, a});
    }
  } else if (c.name == "heal") {
    w.cuts.clear();
  } else if (c.name == "pending") {
    for (const World::Pending& p : w.pending) w.out << w.describe(p.from, p.to, p.message) << "\n";
    if (w.pending.empty()) w.out << "none\n";
  } else if (c.name == "write") {
    World::Node& node = w.nodes.at(w.node_of(c.words.at(0)));
    w.out << w.id(node.index) << " client write\n";
    w.input(node, [&](model::RaftNode& raft) {
      if (raft.client_write(w.now)) {
        w.out << "  accepted\n";
      } else {
        w.out << (raft.transfer_in_progress() ? "  refused: a leadership transfer is in progress\n" : "  refused: not the leader\n");
      }
    });
  } else if (c.name == "change") {
    // change LEADER add_voter|add_nonvoter|promote|demote|remove NODE
    if (c.words.size() != 3) throw ScriptError{"change NODE KIND TARGET"};
    World::Node& node = w.nodes.at(w.node_of(c.words[0]));
    using Kind = model::MembershipChange::Kind;
    const std::map<std::string, Kind> kinds = {{"add_voter", Kind::add_voter}, {"add_nonvoter", Kind::add_nonvoter},
                                               {"promote", Kind::promote}, {"demote", Kind::demote}, {"remove", Kind::remove}};
    const auto kind = kinds.find(c.words[1]);
    if (kind == kinds.end()) throw ScriptError{"unknown change \"" + c.words[1] + "\""};
    w.out << w.id(node.index) << " asked to " << c.words[1] << " " << c.words[2] << "\n";
    w.input(node, [&](model::RaftNode& raft) {
      const auto refusal = raft.change_membership({kind->second, w.node_of(c.words[2])}, w.now);
      if (refusal) w.out << "  refused: " << *refusal << "\n";
    });
  } else if (c.name == "transfer") {
    // transfer LEADER [to=NODE]
    World::Node& node = w.nodes.at(w.node_of(c.words.at(0)));
    const NodeIndex target = c.has("to") ? w.node_of(c.get("to")) : model::no_node;
    w.out << w.id(node.index) << " asked to transfer leadership" << (c.has("to") ? " to " + c.get("to") : std::string()) << "\n";
    w.input(node, [&](model::RaftNode& raft) {
      const auto refusal = raft.transfer_leadership(target, w.now);
      if (refusal) w.out << "  refused: " << *refusal << "\n";
    });
  } else if (c.name == "crash") {
    World::Node& node = w.nodes.at(w.node_of(c.words.at(0)));
    node.saved = node.raft->durable();
    node.raft.reset();
    node.timers.clear();
  } else if (c.name == "restart") {
    World::Node& node = w.nodes.at(w.node_of(c.words.at(0)));
    if (node.raft) throw ScriptError{c.words[0] + " is running"};
    w.boot(node);
  } else if (c.name == "status") {
    for (const World::Node& node : w.nodes) {
      w.out << w.id(node.index) << ": ";
      if (!node.raft) {
        w.out << "crashed, term " << node.saved.current_term << "\n";
        continue;
      }
      const model::RaftNode& r = *node.raft;
      const model::DurableState& d = r.durable();
      w.out << model::raft_state_name(r.role()) << " term=" << r.term()
            << " leader=" << (r.leader() == model::no_node ? "none" : w.id(r.leader()))
            << " vote=" << (d.voted_for == model::no_node ? "none" : w.id(d.voted_for) + "@" + std::to_string(d.voted_term))
            << " log=[";
      for (std::uint64_t i = 1; i <= d.log.last_index(); ++i) w.out << (i > 1 ? "," : "") << d.log.term_at(i);
      w.out << "] commit=" << r.commit_index();
      // The configuration, once it is no longer the bootstrap one.
      if (r.membership_index() != 0 || r.membership().empty()) {
        w.out << " configuration=" << (r.membership().empty() ? std::string("none")
                                                              : w.describe({r.membership_index(), r.membership()}))
              << " committed=" << r.committed_membership_index();
      }
      w.out << "\n";
    }
  } else {
    throw ScriptError{"unknown command \"" + c.name + "\""};
  }
  return w.out.str();
}

}  // namespace clustersim::testing
