// What a run did beyond its events, collected as it runs for a full trace (`run --trace`,
// --trace-level) and `run --verbose`: the election model's decisions in words, the network's
// dropped messages and flap phases, and, at the messages level, every message sent and
// delivered and every timer armed and fired. Nothing is collected unless asked for: a run
// without it pays one untaken test per decision, drop and timer.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "model/raft/decision_log.h"
#include "model/raft/effects.h"
#include "sim/cluster/cluster.h"
#include "sim/core/kernel.h"

namespace clustersim::sim {

// events: the tracker events only (a trace as it always was); decisions: also every role and
// term change, observation, action, flap phase, drop and decision; messages: also every
// message and timer.
enum class TraceLevel : std::uint8_t { events, decisions, messages };
std::string_view trace_level_name(TraceLevel level);
std::optional<TraceLevel> parse_trace_level(std::string_view name);

struct JournalRecord {
  enum class Kind : std::uint8_t {
    decision, dropped, flap_down, flap_up, partition, one_way, isolate, heal, sent, delivered, timer_armed, timer_fired
  };
  Kind kind = Kind::decision;
  Time at = time_zero;
  NodeIndex node = model::no_node;  // the deciding node, a message's sender, a timer's node
  NodeIndex peer = model::no_node;  // a message's receiver, a per-peer timer's peer
  std::string text;                 // the decision, the message, the timer's kind, the drop's cause
  Time due = time_zero;             // timer_armed: when it is due
  std::vector<std::pair<NodeIndex, NodeIndex>> links;  // flap_down, flap_up: the links, as (from, to)
  std::vector<std::vector<NodeIndex>> groups;           // partition, one_way, isolate (NetRecord)
};

std::string_view timer_kind_name(model::TimerKind kind);

class RunJournal final : public model::DecisionLog {
 public:
  // Hooks into the cluster's nodes and network for the lifetime of the journal.
  RunJournal(Kernel& kernel, SimCluster& cluster, TraceLevel level);
  ~RunJournal() override;
  RunJournal(const RunJournal&) = delete;
  RunJournal& operator=(const RunJournal&) = delete;

  void decided(NodeIndex node, std::string_view why) override;
  const std::vector<JournalRecord>& records() const { return records_; }

 private:
  Kernel& kernel_;
  SimCluster& cluster_;
  std::vector<JournalRecord> records_;
};

}  // namespace clustersim::sim
