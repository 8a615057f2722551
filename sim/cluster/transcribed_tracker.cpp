#include "sim/cluster/transcribed_tracker.h"

namespace clustersim::sim {
namespace {

// Passes every event on and keeps the ones emitted during the current call.
class CapturingSink final : public model::EventSink {
 public:
  explicit CapturingSink(model::EventSink& next) : next_(next) {}
  void accept(const model::ClusterEvent& event) override {
    captured.push_back(event);
    next_.accept(event);
  }
  std::vector<model::ClusterEvent> captured;

 private:
  model::EventSink& next_;
};

class TranscribedTracker final : public model::LeaderStateTracker {
 public:
  TranscribedTracker(const TrackerFactory& inner, const model::TrackerConfig& config, model::EventSink& sink,
                     TrackerTranscript& transcript, const Kernel& kernel)
      : config_(config), sink_(sink), transcript_(transcript), kernel_(kernel) {
    TrackerRequest boot = tracker_request(TrackerRequest::Kind::boot, config_, Nanos{0}, kernel_);
    boot.config = &config_;
    record(boot);
    inner_ = inner ? inner(config, sink_) : model::make_tracker(config, sink_);
    answer();
  }
  ~TranscribedTracker() override {
    if (transcript_.closed) return;
    record(tracker_request(TrackerRequest::Kind::crash, config_, last_now_, kernel_));
    inner_.reset();
    answer();
  }

  void start(Nanos now) override {
    record(tracker_request(TrackerRequest::Kind::start, config_, now, kernel_));
    inner_->start(now);
    answer();
  }
  void on_raft_state(model::RaftState state, std::uint64_t term, Nanos now) override {
    TrackerRequest request = tracker_request(TrackerRequest::Kind::raft_state, config_, now, kernel_);
    request.state = state;
    request.term = term;
    record(request);
    inner_->on_raft_state(state, term, now);
    answer();
  }
  void on_leader(std::string_view leader_id, std::uint64_t term, Nanos now) override {
    TrackerRequest request = tracker_request(TrackerRequest::Kind::leader, config_, now, kernel_);
    request.leader = leader_id;
    request.term = term;
    record(request);
    inner_->on_leader(leader_id, term, now);
    answer();
  }
  void on_members(model::PeerList members, std::uint64_t index, Nanos now) override {
    TrackerRequest request = tracker_request(TrackerRequest::Kind::members, config_, now, kernel_);
    request.members = &members.peers();
    request.index = index;
    record(request);
    inner_->on_members(members, index, now);
    answer();
  }
  void on_wakeup(Nanos now) override {
    record(tracker_request(TrackerRequest::Kind::wakeup, config_, now, kernel_));
    inner_->on_wakeup(now);
    answer();
  }

  std::optional<Nanos> wakeup_deadline() const override { return inner_->wakeup_deadline(); }
  const model::LeaderView& reported() const override { return inner_->reported(); }
  bool started() const override { return inner_->started(); }

 private:
  void record(const TrackerRequest& request) {
    last_now_ = std::chrono::nanoseconds(request.time.now_ns);
    std::string line;
    append_request(line, request);
    transcript_.requests.push_back(std::move(line));
    sink_.captured.clear();
  }
  void answer() {
    std::string line;
    append_answer(line, sink_.captured, inner_ ? inner_->wakeup_deadline() : std::nullopt);
    transcript_.answers.push_back(std::move(line));
  }

  model::TrackerConfig config_;
  CapturingSink sink_;
  TrackerTranscript& transcript_;
  const Kernel& kernel_;
  std::unique_ptr<model::LeaderStateTracker> inner_;
  Nanos last_now_{0};
};

}  // namespace

TrackerRequest tracker_request(TrackerRequest::Kind kind, const model::TrackerConfig& config,
                               std::chrono::nanoseconds now, const Kernel& kernel) {
  TrackerRequest request;
  request.kind = kind;
  request.node = config.self_id;
  request.time.virtual_ns = time_ns(kernel.now());
  request.time.now_ns = now.count();
  request.time.wall = config.clock.at(now);
  return request;
}

TrackerFactory transcribing_factory(TrackerFactory inner, TrackerTranscript& transcript, const Kernel& kernel) {
  return [inner = std::move(inner), &transcript, &kernel](const model::TrackerConfig& config, model::EventSink& sink)
             -> std::unique_ptr<model::LeaderStateTracker> {
    return std::make_unique<TranscribedTracker>(inner, config, sink, transcript, kernel);
  };
}

}  // namespace clustersim::sim
