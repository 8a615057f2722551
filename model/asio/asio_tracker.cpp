#include "model/asio/asio_tracker.h"

#include <boost/asio/bind_executor.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <atomic>
#include <chrono>
#include <optional>

#include "model/assert.h"

namespace clustersim::model {

namespace {

class FanOut final : public EventSink {
 public:
  void accept(const ClusterEvent& event) override {
    for (const auto& sink : sinks) sink->accept(event);
  }
  std::vector<std::shared_ptr<EventSink>> sinks;
};

}  // namespace

struct AsioTracker::State : std::enable_shared_from_this<AsioTracker::State> {
  using Nanos = std::chrono::nanoseconds;

  explicit State(boost::asio::io_context& io)
      : strand(boost::asio::make_strand(io)),
        timer(strand),
        origin(std::chrono::steady_clock::now()) {}

  Nanos now() const {
    return std::chrono::duration_cast<Nanos>(std::chrono::steady_clock::now() - origin);
  }

  // Runs `action` on the strand unless stopped, then follows the tracker's deadline.
  template <typename Action>
  void post(Action action) {
    boost::asio::post(strand, [self = shared_from_this(), action = std::move(action)]() mutable {
      if (self->stopped) return;
      action(*self->tracker, self->now());
      self->follow_deadline();
    });
  }

  void follow_deadline() {
    const std::optional<Nanos> deadline = tracker->wakeup_deadline();
    if (deadline == armed_deadline) return;
    armed_deadline = deadline;
    if (!deadline) {
      timer.cancel();
      return;
    }
    timer.expires_at(origin + *deadline);  // also cancels the wait for an older deadline
    timer.async_wait(boost::asio::bind_executor(
        strand, [self = shared_from_this()](const boost::system::error_code& error) {
          if (error == boost::asio::error::operation_aborted || self->stopped) return;
          self->armed_deadline.reset();
          self->tracker->on_wakeup(self->now());
          self->follow_deadline();
        }));
  }

  boost::asio::strand<boost::asio::io_context::executor_type> strand;
  boost::asio::steady_timer timer;
  std::chrono::steady_clock::time_point origin;
  FanOut fan_out;
  std::unique_ptr<LeaderStateTracker> tracker;
  std::optional<Nanos> armed_deadline;
  // Set on the strand by shutdown(), or from the owner's thread by the destructor, hence
  // atomic; once set, no handler touches the tracker or the sinks again.
  std::atomic<bool> stopped{false};
};

AsioTracker::AsioTracker(boost::asio::io_context& io, TrackerConfig config)
    : state_(std::make_shared<State>(io)) {
  const auto wall = std::chrono::system_clock::now().time_since_epoch();
  config.clock.epoch_unix_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(wall).count();
  state_->tracker = make_tracker(config, state_->fan_out);
}

AsioTracker::~AsioTracker() {
  // Queued handlers keep the state alive; from now on they do nothing when they run. The
  // timer belongs to the strand, so it is cancelled there.
  state_->stopped = true;
  boost::asio::post(state_->strand, [state = state_] { state->timer.cancel(); });
}

void AsioTracker::add_sink(std::shared_ptr<EventSink> sink) {
  CLUSTERSIM_ASSERT(!started_);  // sinks are read by the strand once started
  CLUSTERSIM_ASSERT(sink != nullptr);
  state_->fan_out.sinks.push_back(std::move(sink));
}

void AsioTracker::start() {
  CLUSTERSIM_ASSERT(!started_);
  started_ = true;
  state_->post([](LeaderStateTracker& tracker, auto now) { tracker.start(now); });
}

void AsioTracker::observe_leader(std::string leader_id, std::uint64_t term) {
  state_->post([leader_id = std::move(leader_id), term](LeaderStateTracker& tracker, auto now) {
    tracker.on_leader(leader_id, term, now);
  });
}

void AsioTracker::observe_raft_state(RaftState raft_state, std::uint64_t term) {
  state_->post([raft_state, term](LeaderStateTracker& tracker, auto now) {
    tracker.on_raft_state(raft_state, term, now);
  });
}

void AsioTracker::observe_members(std::vector<ClusterPeer> members, std::uint64_t index) {
  state_->post([members = std::move(members), index](LeaderStateTracker& tracker, auto now) mutable {
    tracker.on_members(std::move(members), index, now);
  });
}

std::future<void> AsioTracker::shutdown() {
  auto done = std::make_shared<std::promise<void>>();
  std::future<void> future = done->get_future();
  boost::asio::post(state_->strand, [state = state_, done] {
    state->stopped = true;
    state->timer.cancel();
    done->set_value();
  });
  return future;
}

}  // namespace clustersim::model
