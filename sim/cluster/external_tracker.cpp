#include "sim/cluster/external_tracker.h"

#include <algorithm>

#include "model/assert.h"
#include "sim/cluster/transcribed_tracker.h"

namespace clustersim::sim {

// One node's tracker, living in the session's process: each call is one request.
class ExternalTracker final : public model::LeaderStateTracker {
 public:
  ExternalTracker(ExternalTrackers& session, NodeIndex node, const model::TrackerConfig& config,
                  model::EventSink& sink)
      : session_(session), node_(node), config_(config), sink_(sink) {
    TrackerRequest request = make(TrackerRequest::Kind::boot, Nanos{0});
    request.config = &config_;
    send(request);
  }

  // The node's process died (a crash) or the run ended (after close(): nothing is sent).
  ~ExternalTracker() override {
    if (session_.closed_) return;
    send(make(TrackerRequest::Kind::crash, last_now_));
  }

  void start(Nanos now) override {
    started_ = true;
    send(make(TrackerRequest::Kind::start, now));
  }
  void on_raft_state(model::RaftState state, std::uint64_t term, Nanos now) override {
    TrackerRequest request = make(TrackerRequest::Kind::raft_state, now);
    request.state = state;
    request.term = term;
    send(request);
  }
  void on_leader(std::string_view leader_id, std::uint64_t term, Nanos now) override {
    TrackerRequest request = make(TrackerRequest::Kind::leader, now);
    request.leader = leader_id;
    request.term = term;
    send(request);
  }
  void on_members(model::PeerList members, std::uint64_t index, Nanos now) override {
    TrackerRequest request = make(TrackerRequest::Kind::members, now);
    request.members = &members.peers();
    request.index = index;
    send(request);
  }
  void on_wakeup(Nanos now) override { send(make(TrackerRequest::Kind::wakeup, now)); }

  std::optional<Nanos> wakeup_deadline() const override { return deadline_; }
  const model::LeaderView& reported() const override { return reported_; }
  bool started() const override { return started_; }

 private:
  TrackerRequest make(TrackerRequest::Kind kind, Nanos now) {
    last_now_ = now;
    return tracker_request(kind, config_, now, session_.kernel_);
  }

  // After a failure the tracker is inert: no events, no deadline (the run is halted anyway).
  void send(const TrackerRequest& request) {
    if (!session_.exchange(node_, request, answer_, started_)) {
      deadline_.reset();
      return;
    }
    for (const model::ClusterEvent& event : answer_.events) {
      if (event.type == model::ClusterEventType::state_has_leader) {
        reported_ = model::LeaderView{true, event.leader_id};
      } else if (event.type == model::ClusterEventType::state_is_leaderless) {
        reported_ = model::LeaderView{};
      }
      sink_.accept(event);
    }
    deadline_ = answer_.wakeup;
  }

  ExternalTrackers& session_;
  NodeIndex node_;
  model::TrackerConfig config_;
  model::EventSink& sink_;
  TrackerAnswer answer_;
  std::optional<Nanos> deadline_;
  model::LeaderView reported_;
  Nanos last_now_{0};
  bool started_ = false;
};

ExternalTrackers::ExternalTrackers(Kernel& kernel, const TrackerCommand& command, model::TrackerPolicy policy,
                                   std::chrono::nanoseconds stability_window, std::vector<std::string> node_ids)
    : kernel_(kernel), node_ids_(std::move(node_ids)) {
  process_ = std::make_unique<TrackerProcess>(command.argv, command.timeout);
  TrackerRequest hello;
  hello.kind = TrackerRequest::Kind::hello;
  hello.policy = policy;
  hello.stability_window = stability_window;
  hello.nodes = &node_ids_;
  TrackerAnswer answer;
  if (!exchange(model::no_node, hello, answer, false)) return;
  if (!answer.error.empty()) {
    fail("tracker_process", model::no_node, "it refused the session: " + answer.error);
    return;
  }
  tracker_name_ = answer.tracker;
}

ExternalTrackers::~ExternalTrackers() { close(); }

void ExternalTrackers::close() {
  if (closed_) return;
  closed_ = true;
  if (!failure_) {
    request_line_.clear();
    TrackerRequest bye;
    bye.kind = TrackerRequest::Kind::bye;
    append_request(request_line_, bye);
    process_->send_only(request_line_);
  }
  process_.reset();  // EOF on its stdin, then reaped (or killed)
}

TrackerFactory ExternalTrackers::factory() {
  return [this](const model::TrackerConfig& config, model::EventSink& sink) -> std::unique_ptr<model::LeaderStateTracker> {
    return std::make_unique<ExternalTracker>(*this, index_of(config.self_id), config, sink);
  };
}

NodeIndex ExternalTrackers::index_of(std::string_view id) const {
  const auto found = std::find(node_ids_.begin(), node_ids_.end(), id);
  CLUSTERSIM_ASSERT(found != node_ids_.end());  // the bank makes trackers only for the run's nodes
  return static_cast<NodeIndex>(found - node_ids_.begin());
}

void ExternalTrackers::remember(char direction, std::string_view line) {
  std::string& slot = recent_[recent_next_];
  recent_next_ = (recent_next_ + 1) % recent_kept;
  slot.assign(1, direction);
  slot += ' ';
  // A runaway answer is cut for the report; the first kilobyte says what it was.
  constexpr std::size_t shown = 1024;
  slot.append(line.substr(0, shown));
  if (line.size() > shown) slot += " ... (" + std::to_string(line.size()) + " bytes)";
}

bool ExternalTrackers::exchange(NodeIndex node, const TrackerRequest& request, TrackerAnswer& answer,
                                bool started) {
  if (failure_ || closed_) return false;
  ++exchanges_;
  request_line_.clear();
  append_request(request_line_, request);
  remember('>', request_line_);
  if (auto failed = process_->exchange(request_line_, answer_line_)) {
    fail("tracker_process", node, "no answer to " + std::string(request_kind_name(request.kind)) + ": " + failed->detail);
    return false;
  }
  remember('<', answer_line_);
  if (auto problem = parse_answer(answer_line_, answer)) {
    fail("tracker_protocol", node, "its answer to " + std::string(request_kind_name(request.kind)) + " is not an answer: " + *problem);
    return false;
  }
  if (auto problem = invalid_events(request, answer, started)) {
    fail("tracker_protocol", node, "its answer to " + std::string(request_kind_name(request.kind)) + ": " + *problem);
    return false;
  }
  return true;
}

std::optional<std::string> ExternalTrackers::invalid_events(const TrackerRequest& request, const TrackerAnswer& answer,
                                                            bool started) const {
  using Kind = TrackerRequest::Kind;
  if (!answer.error.empty() && request.kind != Kind::hello) return "it answered with an error: " + answer.error;
  if (answer.events.empty()) return std::nullopt;
  if (request.kind == Kind::hello || request.kind == Kind::boot || request.kind == Kind::crash || !started) {
    return "events[0]: a tracker emits nothing before start (and nothing at a crash)";
  }
  for (std::size_t i = 0; i < answer.events.size(); ++i) {
    const model::ClusterEvent& event = answer.events[i];
    const std::string at = "events[" + std::to_string(i) + "]";
    switch (event.type) {
      case model::ClusterEventType::state_has_leader:
        if (event.leader_id.empty()) return at + ": state.has_leader without a leaderId";
        break;
      case model::ClusterEventType::state_is_leaderless:
      case model::ClusterEventType::leadership_gained:
      case model::ClusterEventType::leadership_lost:
      case model::ClusterEventType::members_changed:
        break;
      default:
        return at + ": " + std::string(model::event_type_name(event.type)) + " is the mesh's event, not a leader-state tracker's";
    }
    if (event.source_id != request.node) {
      return at + ": event_src_id is \"" + event.source_id + "\", but the request was for \"" + std::string(request.node) + "\"";
    }
    if (event.timestamp != request.time.wall) {
      return at + ": timestamp " + model::format_timestamp(event.timestamp) + " is not the request's wall time " +
             model::format_timestamp(request.time.wall) + " (stamp events with the injected clock)";
    }
  }
  return std::nullopt;
}

void ExternalTrackers::fail(std::string check, NodeIndex node, std::string detail) {
  TrackerFailure failure;
  failure.check = std::move(check);
  failure.node = node;
  failure.at = kernel_.now();
  failure.detail = std::move(detail);
  for (std::size_t i = 0; i < recent_kept; ++i) {
    const std::string& line = recent_[(recent_next_ + i) % recent_kept];
    if (!line.empty()) failure.context.push_back(line);
  }
  if (process_) {
    const std::string tail = process_->stderr_tail();
    if (!tail.empty()) failure.context.push_back("its stderr ended with:");
    std::size_t from = 0;
    while (from < tail.size()) {
      const std::size_t end = std::min(tail.find('\n', from), tail.size());
      failure.context.push_back("  " + tail.substr(from, end - from));
      from = end + 1;
    }
    process_.reset();  // killed if still running: it failed
  }
  failure_ = std::move(failure);
  kernel_.halt();
}

}  // namespace clustersim::sim
