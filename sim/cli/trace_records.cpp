#include "sim/cli/trace_records.h"

#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "model/events/event_json.h"
#include "model/raft/raft_state.h"

namespace clustersim::sim {
namespace {

// The order of records at one instant: cause before effect.
enum Rank : int { rank_action, rank_network, rank_decision, rank_role, rank_input, rank_event };

struct Ranked {
  TraceRecord record;
  int rank;
};

class Records {
 public:
  explicit Records(const RunResult& run) : run_(run) {}

  std::string name(NodeIndex node) const {
    return node == model::no_node || node >= run_.node_ids.size() ? std::string() : run_.node_ids[node];
  }

  // {"type":TYPE,"at_ns":N,...fields}, and the text "AT  TEXT".
  void add(Rank rank, const char* type, Time at, const nlohmann::ordered_json& fields, const std::string& text) {
    nlohmann::ordered_json json;
    json["type"] = type;
    json["at_ns"] = time_ns(at);
    for (const auto& [key, value] : fields.items()) json[key] = value;
    add_line(rank, at, json.dump(), text);
  }

  // A line made elsewhere, kept as it is.
  void add_line(Rank rank, Time at, std::string json, const std::string& text) {
    char stamp[32];
    std::snprintf(stamp, sizeof stamp, "%12s  ", format_time(at).c_str());
    ranked_.push_back({{time_ns(at), std::move(json), stamp + text}, rank});
  }

  std::vector<TraceRecord> in_order_added() {
    std::vector<TraceRecord> records;
    records.reserve(ranked_.size());
    for (Ranked& r : ranked_) records.push_back(std::move(r.record));
    return records;
  }

  std::vector<TraceRecord> sorted() {
    std::stable_sort(ranked_.begin(), ranked_.end(), [](const Ranked& a, const Ranked& b) {
      return a.record.at_ns != b.record.at_ns ? a.record.at_ns < b.record.at_ns : a.rank < b.rank;
    });
    std::vector<TraceRecord> records;
    records.reserve(ranked_.size());
    for (Ranked& r : ranked_) records.push_back(std::move(r.record));
    return records;
  }

 private:
  const RunResult& run_;
  std::vector<Ranked> ranked_;
};

void add_actions(const RunResult& run, Records& out) {
  for (const ActionRecord& a : run.actions) {
    out.add(rank_action, "action", a.at, {{"text", a.text}, {"skipped", a.skipped}}, "action  " + a.text);
  }
}

void add_roles(const RunResult& run, Records& out) {
  for (NodeIndex node = 0; node < run.node_ids.size(); ++node) {
    for (const NodeSnapshot& s : run.truth.history(node)) {
      const std::string role(model::raft_state_name(s.role));
      const std::string leader = out.name(s.leader);
      nlohmann::ordered_json fields = {{"node", run.node_ids[node]}, {"role", role}, {"term", s.term}};
      if (!leader.empty()) fields["leader"] = leader;
      out.add(rank_role, "role", s.at, fields,
              run.node_ids[node] + "  is " + role + " in term " + std::to_string(s.term) +
                  (leader.empty() ? ", knows no leader" : ", leader " + leader));
    }
  }
}

std::string observation_text(const RunResult& run, const model::Observation& o) {
  if (o.kind == model::Observation::Kind::raft_state) return "RaftState(" + std::string(model::raft_state_name(o.state)) + ")";
  return "leader " + (o.leader == model::no_node ? std::string("cleared") : run.node_ids.at(o.leader)) + " (term " +
         std::to_string(o.term) + ")";
}

void add_inputs(const RunResult& run, Records& out) {
  using K = LoggedInput::Kind;
  static constexpr const char* kinds[] = {"start", "observation", "lost", "crash", "pause", "resume", "snapshot", "members"};
  for (NodeIndex node = 0; node < run.inputs.size(); ++node) {
    for (const LoggedInput& input : run.inputs[node]) {
      const char* kind = kinds[static_cast<int>(input.kind)];
      nlohmann::ordered_json fields = {{"node", run.node_ids[node]}, {"input", kind}};
      std::string text = run.node_ids[node] + "  tracker input: " + kind;
      if (input.kind == K::observation || input.kind == K::snapshot || input.kind == K::lost) {
        const std::string what = observation_text(run, input.observation);
        fields["observation"] = what;
        text += " " + what + (input.kind == K::lost ? " (raised, never given)" : "");
      } else if (input.kind == K::members) {
        fields["index"] = input.configuration_index;
        text += " (configuration " + std::to_string(input.configuration_index) + ")";
      }
      out.add(rank_input, "input", input.at, fields, text);
    }
  }
}

void add_journal(const RunResult& run, Records& out) {
  using K = JournalRecord::Kind;
  for (const JournalRecord& r : run.journal) {
    switch (r.kind) {
      case K::decision:
        // The model's words name the deciding node first.
        out.add(rank_decision, "decision", r.at, {{"node", out.name(r.node)}, {"text", r.text}}, r.text);
        break;
      case K::flap_down:
      case K::flap_up: {
        nlohmann::ordered_json links = nlohmann::ordered_json::array();
        std::string text;
        for (const auto& [from, to] : r.links) {
          links.push_back({out.name(from), out.name(to)});
          text += (text.empty() ? "" : " ") + out.name(from) + "->" + out.name(to);
        }
        const bool down = r.kind == K::flap_down;
        out.add(rank_network, "flap", r.at, {{"down", down}, {"links", links}}, std::string("flap ") + (down ? "down: " : "up: ") + text);
        break;
      }
      case K::partition:
      case K::one_way:
      case K::isolate:
      case K::heal: {
        static constexpr const char* cuts[] = {"partition", "one_way", "isolate", "heal"};
        const char* cut = cuts[static_cast<int>(r.kind) - static_cast<int>(K::partition)];
        nlohmann::ordered_json groups = nlohmann::ordered_json::array();
        std::string text;
        for (const auto& group : r.groups) {
          nlohmann::ordered_json names = nlohmann::ordered_json::array();
          std::string members;
          for (NodeIndex node : group) {
            names.push_back(out.name(node));
            members += (members.empty() ? "" : ",") + out.name(node);
          }
          groups.push_back(names);
          text += (text.empty() ? " " : r.kind == K::one_way ? " cannot reach " : " | ") + ("{" + members + "}");
        }
        nlohmann::ordered_json fields = {{"cut", cut}};
        if (r.kind != K::heal) fields["groups"] = groups;
        out.add(rank_network, "cut", r.at, fields, std::string("network ") + cut + text);
        break;
      }
      case K::dropped:
      case K::sent:
      case K::delivered: {
        const char* type = r.kind == K::dropped ? "drop" : r.kind == K::sent ? "send" : "deliver";
        out.add(rank_network, type, r.at, {{"from", out.name(r.node)}, {"to", out.name(r.peer)}, {"message", r.text}},
                std::string(type) + " " + out.name(r.node) + "->" + out.name(r.peer) + "  " + r.text);
        break;
      }
      case K::timer_armed:
      case K::timer_fired: {
        nlohmann::ordered_json fields = {{"node", out.name(r.node)}, {"timer", r.text}};
        if (r.peer != model::no_node) fields["peer"] = out.name(r.peer);
        const bool fired = r.kind == K::timer_fired;
        fields[fired ? "fired" : "due_ns"] = fired ? nlohmann::ordered_json(true) : nlohmann::ordered_json(time_ns(r.due));
        out.add(rank_decision, "timer", r.at, fields,
                out.name(r.node) + "  " + r.text + " timer" + (r.peer != model::no_node ? " for " + out.name(r.peer) : "") +
                    (fired ? " fires" : " armed, due at " + format_time(r.due)));
        break;
      }
    }
  }
}

}  // namespace

std::vector<TraceRecord> trace_records(const RunResult& run) {
  Records out(run);
  if (run.trace_level != TraceLevel::events) {
    add_actions(run, out);
    add_roles(run, out);
    add_inputs(run, out);
    add_journal(run, out);
  }
  for (const RecordedEvent* e : written_events(run)) {
    // The event line keeps the form traces have always had, so that older traces replay.
    const std::string event = model::event_to_json(e->event);
    out.add_line(rank_event, e->at,
                 "{\"type\":\"event\",\"at_ns\":" + std::to_string(time_ns(e->at)) + ",\"node\":\"" +
                     run.node_ids[e->node] + "\",\"event\":" + event + "}",
                 run.node_ids[e->node] + "  event " + event);
  }
  // Events alone stay in the order the logs hold them (a dispatch jitter writes some late);
  // a full trace is in the order things happened.
  return run.trace_level == TraceLevel::events ? out.in_order_added() : out.sorted();
}

}  // namespace clustersim::sim
