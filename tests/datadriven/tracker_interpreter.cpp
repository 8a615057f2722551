#include "tests/datadriven/tracker_interpreter.h"

#include <vector>

#include "model/events/event_json.h"
#include "model/tracker/leader_state_tracker.h"
#include "sim/core/time.h"

namespace clustersim::testing {
namespace {

using Nanos = std::chrono::nanoseconds;

Nanos time_arg(const Command& c, const std::string& key) { return script_duration(c.need(key), key); }

std::optional<model::RaftState> parse_state(const std::string& name) {
  for (model::RaftState s : {model::RaftState::follower, model::RaftState::candidate, model::RaftState::leader,
                             model::RaftState::shutdown}) {
    std::string lower(model::raft_state_name(s));
    for (char& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    if (lower == name) return s;
  }
  return std::nullopt;
}

class Collect final : public model::EventSink {
 public:
  void accept(const model::ClusterEvent& event) override { lines.push_back(model::event_to_json(event)); }
  std::vector<std::string> lines;
};

}  // namespace

struct TrackerInterpreter::State {
  Collect sink;
  std::unique_ptr<model::LeaderStateTracker> tracker;
  Nanos now{0};

  model::LeaderStateTracker& get() {
    if (!tracker) throw ScriptError{"no tracker yet: start with \"tracker\""};
    return *tracker;
  }
  void advance(Nanos to) {
    if (to < now) throw ScriptError{"time goes back to " + sim::format_duration(to)};
    now = to;
  }
  std::string output() {
    std::string out;
    for (const std::string& line : sink.lines) out += line + "\n";
    sink.lines.clear();
    if (tracker) {
      const auto deadline = tracker->wakeup_deadline();
      out += "deadline: " + (deadline ? sim::format_duration(*deadline) : std::string("none")) + "\n";
    }
    return out;
  }
};

TrackerInterpreter::TrackerInterpreter() : state_(std::make_unique<State>()) {}
TrackerInterpreter::~TrackerInterpreter() = default;

std::string TrackerInterpreter::run(const Command& c) {
  State& s = *state_;
  if (c.name == "tracker") {
    model::TrackerConfig config;
    const auto policy = model::parse_policy(c.need("policy"));
    if (!policy) throw ScriptError{"unknown policy"};
    config.policy = *policy;
    config.self_id = c.need("self");
    std::vector<model::ClusterPeer> members;
    for (const std::string& id : comma_list(c.need("members"))) members.push_back({id, "tls:" + id + ":6262"});
    config.members = std::move(members);
    if (c.has("window")) config.stability_window = time_arg(c, "window");
    config.clock = model::WallClock{1'735'689'600'000'000'000, 0};  // 2025-01-01T00:00:00Z
    if (auto problem = config.problem()) return "error: " + *problem;
    s.tracker = model::make_tracker(config, s.sink);
    s.now = Nanos{0};
    return s.output();
  }
  if (c.name == "start") {
    s.advance(time_arg(c, "at"));
    s.get().start(s.now);
  } else if (c.name == "leader") {
    s.advance(time_arg(c, "at"));
    const std::string leader = c.words.empty() || c.words[0] == "none" ? "" : c.words[0];
    s.get().on_leader(leader, std::stoull(c.need("term")), s.now);
  } else if (c.name == "state") {
    s.advance(time_arg(c, "at"));
    const auto state = parse_state(c.words.empty() ? "" : c.words[0]);
    if (!state) throw ScriptError{"state follower|candidate|leader|shutdown"};
    s.get().on_raft_state(*state, std::stoull(c.need("term")), s.now);
  } else if (c.name == "members") {
    s.advance(time_arg(c, "at"));
    std::vector<model::ClusterPeer> members;
    for (const std::string& id : comma_list(c.words.empty() ? "" : c.words[0])) members.push_back({id, "tls:" + id + ":6262"});
    s.get().on_members(std::move(members), std::stoull(c.need("index")), s.now);
  } else if (c.name == "wake") {
    s.advance(time_arg(c, "at"));
    s.get().on_wakeup(s.now);
  } else if (c.name == "run") {
    const Nanos until = time_arg(c, "until");
    std::string out;
    for (int woken = 0; woken < 1000; ++woken) {
      const auto deadline = s.get().wakeup_deadline();
      if (!deadline || *deadline > until) break;
      s.advance(std::max(s.now, *deadline));
      out += "woken at " + sim::format_duration(s.now) + "\n";
      s.get().on_wakeup(s.now);
      for (const std::string& line : s.sink.lines) out += line + "\n";
      s.sink.lines.clear();
    }
    s.advance(until);
    return out + s.output();
  } else if (c.name == "reported") {
    const model::LeaderView& view = s.get().reported();
    return view.has_leader ? "has_leader " + view.leader_id : "is_leaderless";
  } else {
    throw ScriptError{"unknown command \"" + c.name + "\""};
  }
  return s.output();
}

}  // namespace clustersim::testing
