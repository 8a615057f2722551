#include "sim/cluster/tracker_bank.h"

#include <algorithm>
#include <string_view>
#include <unordered_set>

#include "model/assert.h"

namespace clustersim::sim {

class TrackerBank::Recorder final : public model::EventSink {
 public:
  Recorder(TrackerBank& bank, NodeIndex node) : bank_(bank), node_(node) {}
  void accept(const model::ClusterEvent& event) override {
    ++bank_.events_emitted_;
    if (!bank_.settings_.record_events) return;
    bank_.events_.push_back(RecordedEvent{node_, bank_.kernel_.now(), bank_.sequencer_.take(), event});
  }

 private:
  TrackerBank& bank_;
  NodeIndex node_;
};

TrackerBank::TrackerBank(Kernel& kernel, SimCluster& cluster, TrackerSettings settings,
                         Sequencer* sequencer)
    : kernel_(kernel),
      cluster_(cluster),
      settings_(settings),
      slots_(cluster.size()),
      sequencer_(sequencer != nullptr ? *sequencer : own_sequencer_) {
  for (NodeIndex i = 0; i < cluster.size(); ++i) {
    peers_.push_back(member_peer(cluster.id(i)));
  }
  // Who each tracker starts with as members: the scenario's list, or else the bootstrap
  // configuration, the same for every node in it (a joiner, outside it, knows only itself);
  // each node adds itself. Worked out once for the bank, not searched for per node and peer.
  const auto& ids = settings_.member_ids;
  const std::unordered_set<std::string_view> listed_ids(ids.begin(), ids.end());
  std::vector<bool> listed(cluster.size(), false);
  for (NodeIndex peer = 0; peer < cluster.size(); ++peer) {
    listed[peer] = ids.empty() ? cluster.raft_config().members[peer].suffrage != model::Suffrage::none
                               : listed_ids.contains(cluster.id(peer));
  }
  const auto listed_members = peers_where([&](NodeIndex peer) { return listed[peer]; });
  for (NodeIndex i = 0; i < cluster.size(); ++i) {
    Slot& slot = slots_[i];
    slot.sink = std::make_unique<Recorder>(*this, i);
    const bool alone = ids.empty() && !listed[i];  // a joiner's bootstrap configuration is empty
    slot.stored_members = listed[i] ? listed_members
                                    : peers_where([&](NodeIndex peer) { return peer == i || (!alone && listed[peer]); });
    // A node that boots later is held down when the cluster starts, which would discard its
    // built-in tracker unstarted: it gets one at its boot (on_restart). Trackers from a factory
    // (a tracker process) are made at once, so that one that cannot start fails the world
    // before it runs.
    if (settings_.factory || cluster.node(i).boot_at() <= kernel.now()) create_tracker(i);
  }
}

TrackerBank::~TrackerBank() {
  for (Slot& slot : slots_) cancel_wakeups(slot);
}

void TrackerBank::cancel_wakeups(Slot& slot) {
  kernel_.cancel(slot.wakeup);
  slot.wakeup = TimerId{};
  for (const auto& [token, id] : slot.early_wakeups) kernel_.cancel(id);
  slot.early_wakeups.clear();
}

void TrackerBank::create_tracker(NodeIndex node) {
  model::TrackerConfig config;
  config.policy = settings_.policy;
  config.self_id = cluster_.id(node);
  config.members = slots_[node].stored_members;
  if (!config.members.contains(config.self_id)) {  // removed, it still knows itself (the tracker's config needs it)
    std::vector<model::ClusterPeer> with_self = config.members.peers();
    with_self.push_back(peers_[node]);
    config.members = std::move(with_self);
  }
  config.stability_window = settings_.stability_window;
  config.clock = cluster_.node(node).clock().stamping(settings_.clock);  // its events carry the node's wall clock
  slots_[node].tracker = settings_.factory ? settings_.factory(config, *slots_[node].sink)
                                           : model::make_tracker(std::move(config), *slots_[node].sink);
}

void TrackerBank::start_all() {
  CLUSTERSIM_ASSERT(!started_);
  started_ = true;
  for (NodeIndex i = 0; i < slots_.size(); ++i) {
    if (slots_[i].tracker == nullptr || cluster_.generation_pending(i)) continue;  // it starts later
    slots_[i].tracker->start(now(i));
    follow_deadline(i);
  }
}

void TrackerBank::on_observation(NodeIndex node, const model::Observation& observation) {
  model::LeaderStateTracker& tracker = *slots_[node].tracker;
  if (observation.kind == model::Observation::Kind::raft_state) {
    tracker.on_raft_state(observation.state, observation.term, now(node));
  } else {
    const std::string_view leader =
        observation.leader == model::no_node ? std::string_view() : cluster_.id(observation.leader);
    tracker.on_leader(leader, observation.term, now(node));
  }
  follow_deadline(node);
}

void TrackerBank::follow_deadline(NodeIndex node) {
  Slot& slot = slots_[node];
  const auto deadline = slot.tracker->wakeup_deadline();
  const ObserverFaults& faults = cluster_.observer_faults(node);
  const bool timer_faults_on = !faults.wakeups_clean();
  // A faulty timer already armed for this very deadline stands, with the lateness and early
  // firing drawn for it: a deadline's timer is armed once, however often the tracker is asked.
  if (timer_faults_on && deadline && slot.armed_for == deadline && kernel_.pending(slot.wakeup)) return;
  kernel_.cancel(slot.wakeup);
  slot.wakeup = TimerId{};
  if (!deadline) return;
  const Time due = std::max(cluster_.node(node).clock().true_time_of(*deadline), kernel_.now());
  Time at = due;
  if (timer_faults_on) {
    Random& random = timer_fault_random(node);
    at = later(due, random.uniform_duration(Duration{0}, faults.wakeup_late));
    // An early firing: a timer armed for an older deadline, or one that simply fires too soon.
    // Drawn once per deadline, so that firings cannot beget firings ever closer to it.
    const bool new_deadline = slot.armed_for != *deadline;
    slot.armed_for = *deadline;
    if (random.bernoulli(faults.wakeup_early) && new_deadline && due > kernel_.now()) {
      const Time early = later(kernel_.now(), random.uniform_duration(Duration{0}, due - kernel_.now() - Duration{1}));
      const std::uint64_t token = slot.next_early_token++;
      slot.early_wakeups.emplace_back(token, kernel_.schedule_at(early, [this, node, token] { wake_early(node, token); }));
    }
  }
  slot.wakeup = kernel_.schedule_at(at, [this, node] { wake(node); });
}

Random& TrackerBank::timer_fault_random(NodeIndex node) {
  std::optional<Random>& random = slots_[node].timer_faults;
  if (!random) {
    random = Random::for_stream(cluster_.seed(), "tracker/" + std::string(model::policy_name(settings_.policy)) +
                                                     "/wakeup/" + cluster_.id(node));
  }
  return *random;
}

void TrackerBank::wake(NodeIndex node) {
  kernel_.attribute(node);
  Slot& slot = slots_[node];
  slot.wakeup = TimerId{};
  if (slot.paused) {
    slot.wakeup_due_while_paused = true;
    return;
  }
  if (wakes_too_often(node)) return;  // its timer stays stopped
  const ObserverFaults& faults = cluster_.observer_faults(node);
  const bool timer_faults_on = !faults.wakeups_clean();
  if (timer_faults_on) {
    const auto deadline = slot.tracker->wakeup_deadline();
    if (deadline && now(node) > *deadline) ++slot.timer_counters.late;
  }
  slot.tracker->on_wakeup(now(node));
  if (timer_faults_on && timer_fault_random(node).bernoulli(faults.wakeup_repeat)) {
    ++slot.timer_counters.repeated;
    slot.tracker->on_wakeup(now(node));  // the same timer, fired twice
  }
  follow_deadline(node);
}

bool TrackerBank::wakes_too_often(NodeIndex node) {
  Slot& slot = slots_[node];
  if (kernel_.now() - slot.wakeups_counted_since >= std::chrono::seconds(1)) {
    slot.wakeups_counted_since = kernel_.now();
    slot.wakeups_counted = 0;
  }
  if (++slot.wakeups_counted <= tracker_wakeups_per_second_max) return false;
  runaways_.push_back({node, kernel_.now()});
  return true;
}

void TrackerBank::wake_early(NodeIndex node, std::uint64_t token) {
  kernel_.attribute(node);
  Slot& slot = slots_[node];
  std::erase_if(slot.early_wakeups, [token](const auto& early) { return early.first == token; });
  if (slot.paused) return;  // a paused process misses it; its real wake-up still comes
  ++slot.timer_counters.early;
  slot.tracker->on_wakeup(now(node));
  follow_deadline(node);
}

void TrackerBank::on_crash(NodeIndex node) {
  Slot& slot = slots_[node];
  cancel_wakeups(slot);
  slot.tracker.reset();
  slot.armed_for.reset();
  slot.paused = false;
  slot.wakeup_due_while_paused = false;
}

void TrackerBank::on_restart(NodeIndex node) {
  create_tracker(node);
  if (started_ && !cluster_.generation_pending(node)) {
    slots_[node].tracker->start(now(node));  // a restarted controller announces again
    follow_deadline(node);
  }
}

const model::PeerList& TrackerBank::committed_list(const model::ConfigurationEntry& entry) {
  // Newest first: nodes store the configurations in log order, most often the newest.
  for (auto it = committed_lists_.rbegin(); it != committed_lists_.rend(); ++it) {
    if (it->entry == entry) return it->members;
  }
  committed_lists_.push_back({entry, peers_where([&](NodeIndex peer) { return entry.membership.is_member(peer); })});
  return committed_lists_.back().members;
}

void TrackerBank::on_configuration_committed(NodeIndex node, const model::ConfigurationEntry& entry) {
  Slot& slot = slots_[node];
  slot.stored_members = committed_list(entry);
  if (slot.tracker == nullptr) return;
  slot.tracker->on_members(slot.stored_members, entry.index, now(node));
  follow_deadline(node);
}

// OpenZiti's event generation starting after raft: the announcement is from raft's own view
// (its leader, given to the tracker first), and what waited in the channel comes after.
void TrackerBank::on_generation_start(NodeIndex node, const std::optional<model::Observation>& snapshot) {
  if (!started_ || slots_[node].tracker == nullptr) return;
  model::LeaderStateTracker& tracker = *slots_[node].tracker;
  if (snapshot) tracker.on_leader(cluster_.id(snapshot->leader), snapshot->term, now(node));
  tracker.start(now(node));
  follow_deadline(node);
}

void TrackerBank::on_pause(NodeIndex node) { slots_[node].paused = true; }

void TrackerBank::on_resume(NodeIndex node) {
  Slot& slot = slots_[node];
  slot.paused = false;
  if (slot.wakeup_due_while_paused) {
    slot.wakeup_due_while_paused = false;
    wake(node);
  }
}

}  // namespace clustersim::sim
