#include "sim/simulation/run_journal.h"

namespace clustersim::sim {

std::string_view trace_level_name(TraceLevel level) {
  switch (level) {
    case TraceLevel::events: return "events";
    case TraceLevel::decisions: return "decisions";
    case TraceLevel::messages: return "messages";
  }
  return "events";
}

std::optional<TraceLevel> parse_trace_level(std::string_view name) {
  for (TraceLevel level : {TraceLevel::events, TraceLevel::decisions, TraceLevel::messages}) {
    if (name == trace_level_name(level)) return level;
  }
  return std::nullopt;
}

std::string_view timer_kind_name(model::TimerKind kind) {
  switch (kind) {
    case model::TimerKind::follower: return "follower";
    case model::TimerKind::election: return "election";
    case model::TimerKind::lease: return "lease";
    case model::TimerKind::peer_heartbeat: return "heartbeat";
    case model::TimerKind::peer_replicate: return "replicate";
    case model::TimerKind::transfer: return "transfer";
  }
  return "timer";
}

RunJournal::RunJournal(Kernel& kernel, SimCluster& cluster, TraceLevel level) : kernel_(kernel), cluster_(cluster) {
  const bool messages = level == TraceLevel::messages;
  SimNode::TimerTracer timers;
  if (messages) {
    timers = [this](NodeIndex node, model::TimerKind kind, NodeIndex peer, bool fired, Time at) {
      JournalRecord record;
      record.kind = fired ? JournalRecord::Kind::timer_fired : JournalRecord::Kind::timer_armed;
      record.at = kernel_.now();
      record.node = node;
      record.peer = peer;
      record.text = timer_kind_name(kind);
      record.due = at;
      records_.push_back(std::move(record));
    };
  }
  for (NodeIndex node = 0; node < cluster_.size(); ++node) cluster_.node(node).set_tracing(this, timers);
  Network& network = cluster_.network();
  network.set_tracer(
      [this, &network](const NetRecord& net) {
        JournalRecord record;
        record.at = kernel_.now();
        switch (net.kind) {
          case NetRecord::Kind::flap_down:
          case NetRecord::Kind::flap_up:
            record.kind = net.kind == NetRecord::Kind::flap_down ? JournalRecord::Kind::flap_down : JournalRecord::Kind::flap_up;
            record.links = network.flap_links(net.flap);
            break;
          case NetRecord::Kind::partition:
          case NetRecord::Kind::one_way:
          case NetRecord::Kind::isolate:
          case NetRecord::Kind::heal:
            record.kind = net.kind == NetRecord::Kind::partition ? JournalRecord::Kind::partition
                          : net.kind == NetRecord::Kind::one_way ? JournalRecord::Kind::one_way
                          : net.kind == NetRecord::Kind::isolate ? JournalRecord::Kind::isolate
                                                                 : JournalRecord::Kind::heal;
            record.groups = net.groups;
            break;
          case NetRecord::Kind::sent:
          case NetRecord::Kind::delivered:
          case NetRecord::Kind::dropped:
            record.kind = net.kind == NetRecord::Kind::sent        ? JournalRecord::Kind::sent
                          : net.kind == NetRecord::Kind::delivered ? JournalRecord::Kind::delivered
                                                                   : JournalRecord::Kind::dropped;
            record.node = net.from;
            record.peer = net.to;
            record.text = network.describe(net.wire);
            if (net.kind == NetRecord::Kind::dropped) record.text += " (" + std::string(drop_cause_name(net.cause)) + ")";
            break;
        }
        records_.push_back(std::move(record));
      },
      messages);
}

RunJournal::~RunJournal() {
  for (NodeIndex node = 0; node < cluster_.size(); ++node) cluster_.node(node).set_tracing(nullptr, {});
  cluster_.network().set_tracer({}, false);
}

void RunJournal::decided(NodeIndex node, std::string_view why) {
  JournalRecord record;
  record.kind = JournalRecord::Kind::decision;
  record.at = kernel_.now();
  record.node = node;
  record.text = why;
  records_.push_back(std::move(record));
}

}  // namespace clustersim::sim
