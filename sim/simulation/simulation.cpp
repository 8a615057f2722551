#include "sim/simulation/simulation.h"

#include "model/assert.h"
#include "model/events/event_json.h"
#include "sim/core/trace_hash.h"

namespace clustersim::sim {
namespace {

ClusterOptions cluster_options(const Scenario& scenario, std::uint64_t seed) {
  ClusterOptions options;
  options.raft = scenario.raft;
  options.link = scenario.network;
  options.seed = seed;
  options.timing = scenario.timing_per_node();
  options.generation_delay = scenario.event_generation_delay;
  options.observer_queue = static_cast<std::size_t>(scenario.observer_queue);
  return options;
}

std::uint64_t hash_run(const RunResult& result) {
  TraceHash hash;
  std::string line;
  for (const RecordedEvent* e : written_events(result)) {
    line.clear();
    model::append_event_json(line, e->event);
    hash.add(static_cast<std::uint64_t>(time_ns(e->at)));
    hash.add(std::string_view(line));
  }
  for (NodeIndex node = 0; node < result.node_ids.size(); ++node) {
    for (const NodeSnapshot& s : result.truth.history(node)) {
      hash.add(static_cast<std::uint64_t>(time_ns(s.at)));
      hash.add((s.term << 8) | static_cast<std::uint64_t>(s.role));
      hash.add(static_cast<std::uint64_t>(s.leader));
    }
  }
  return hash.value();
}

}  // namespace

model::TrackerPolicy other_policy(model::TrackerPolicy policy) {
  return policy == model::TrackerPolicy::stable ? model::TrackerPolicy::openziti : model::TrackerPolicy::stable;
}

Simulation::Simulation(const Scenario& scenario, RunOptions options)
    : scenario_(scenario),
      options_(std::move(options)),
      seed_(options_.seed.value_or(scenario.seed)),
      policy_(options_.policy.value_or(scenario.policy)) {
  kernel_.set_limits(options_.limits);
  cluster_ = std::make_unique<SimCluster>(kernel_, cluster_options(scenario_, seed_));
  if (options_.trace_level != TraceLevel::events) {
    journal_ = std::make_unique<RunJournal>(kernel_, *cluster_, options_.trace_level);
  }
  // Listener order is hearing order: the log, then the run's trackers, then the comparison.
  if (options_.record && options_.observation_log) {
    log_ = std::make_unique<ObservationLog>(kernel_, *cluster_, sequencer_);
    cluster_->add_listener(*log_);
  }
  TrackerSettings primary = tracker_settings(policy_);
  primary.factory = options_.tracker_factory;
  const std::optional<TrackerCommand>& command = options_.tracker_command ? options_.tracker_command : scenario_.tracker_command;
  std::vector<std::string> ids;
  for (NodeIndex node = 0; node < cluster_->size(); ++node) ids.push_back(cluster_->id(node));
  if (command) {
    external_ = std::make_unique<ExternalTrackers>(kernel_, *command, policy_, primary.stability_window, ids);
    primary.factory = external_->factory();
  }
  if (options_.transcribe) {
    TrackerRequest hello;
    hello.kind = TrackerRequest::Kind::hello;
    hello.policy = policy_;
    hello.stability_window = primary.stability_window;
    hello.nodes = &ids;
    transcript_.requests.emplace_back();
    append_request(transcript_.requests.back(), hello);
    transcript_.answers.emplace_back("null");
    primary.factory = transcribing_factory(std::move(primary.factory), transcript_, kernel_);
  }
  primary_ = std::make_unique<TrackerBank>(kernel_, *cluster_, primary, &sequencer_);
  cluster_->add_listener(*primary_);
  if (options_.compare_policies) {
    comparison_ = std::make_unique<TrackerBank>(kernel_, *cluster_, tracker_settings(other_policy(policy_)), &sequencer_);
    cluster_->add_listener(*comparison_);
  }
  if (scenario_.mesh.enabled) {
    MeshSettings mesh;
    mesh.config = scenario_.mesh.config;
    mesh.versions = scenario_.mesh.versions(scenario_.raft.members);
    for (const model::RaftMember& member : scenario_.raft.members) {
      mesh.members.push_back(member.suffrage != model::Suffrage::none);  // a joiner dials in
    }
    mesh.clock = scenario_.wall_clock();
    mesh.record_events = options_.record;
    mesh_ = std::make_unique<MeshHost>(kernel_, *cluster_, std::move(mesh), sequencer_);
    cluster_->add_listener(*mesh_);
  }
  warnings_ = std::make_unique<LeaderlessWarnings>(kernel_, *cluster_, scenario_.warn_when_leaderless_for);
  cluster_->add_listener(*warnings_);
  actions_ = std::make_unique<ActionContext>(kernel_, *cluster_, scenario_.network, seed_,
                                             [this](Time check_at) {
                                               const Time faults_stopped = kernel_.now();
                                               kernel_.schedule_at(check_at, [this, faults_stopped] {
                                                 take_liveness_snapshot(faults_stopped);
                                               });
                                             });
  actions_->set_mesh(mesh_.get());
  const auto record = [this](std::string text) { actions_->record(std::move(text)); };
  requests_ = std::make_unique<RequestLog>(kernel_, *cluster_, record);
  cluster_->add_listener(*requests_);
  if (!scenario_.preferred.empty()) {
    std::vector<bool> preferred(cluster_->size(), false);
    for (const std::string& id : scenario_.preferred) preferred[cluster_->find(id)] = true;
    preferred_ = std::make_unique<PreferredLeaders>(kernel_, *cluster_, mesh_.get(), std::move(preferred),
                                                    scenario_.preferred_leader_delay, record);
    cluster_->add_listener(*preferred_);
  }
}

// The external tracker's process hears goodbye before the banks discard its trackers: the end
// of a run is no crash.
Simulation::~Simulation() {
  transcript_.closed = true;
  if (external_) external_->close();
}

TrackerSettings Simulation::tracker_settings(model::TrackerPolicy policy) const {
  TrackerSettings settings;
  settings.policy = policy;
  // The comparison openziti bank needs no window; a comparison stable bank uses the
  // scenario's window, or 0 if the scenario runs openziti without one.
  settings.stability_window = policy == model::TrackerPolicy::stable ? scenario_.stability_window : Duration{0};
  settings.clock = scenario_.wall_clock();
  settings.member_ids = scenario_.tracker_members;
  settings.record_events = options_.record;
  return settings;
}

void Simulation::start() {
  CLUSTERSIM_ASSERT(!started_);
  started_ = true;
  cluster_->start();
  if (log_) {
    for (NodeIndex node = 0; node < cluster_->size(); ++node) {
      // A node that boots later starts its log then (told as a restart), one whose event
      // generation starts later when it does.
      if (cluster_->node(node).state() != NodeState::crashed && !cluster_->generation_pending(node)) log_->note_start(node);
    }
  }
  primary_->start_all();
  if (comparison_) comparison_->start_all();
  if (mesh_) mesh_->start_all();
  warnings_->start_all();
  schedule_timeline();
}

void Simulation::schedule_timeline() {
  for (const TimedAction& action : scenario_.timeline) {
    const TimedAction* scheduled = &action;  // the scenario copy lives as long as the kernel
    kernel_.schedule_at(action.when(seed_), [this, scheduled] { scheduled->apply(*actions_); });
  }
}

bool Simulation::run_until(Time limit) {
  CLUSTERSIM_ASSERT(started_);
  if (limit_) return false;  // a stopped world stays stopped
  const RunOutcome outcome = kernel_.run_until(limit);
  if (outcome == RunOutcome::reached_time) return true;
  note_limit(outcome);
  return false;
}

void Simulation::note_limit(RunOutcome outcome) {
  const std::uint32_t actor = kernel_.actor();
  const NodeIndex node = actor < cluster_->size() ? actor : model::no_node;
  const KernelLimits& limits = kernel_.limits();
  if (outcome == RunOutcome::halted) {
    CLUSTERSIM_ASSERT(external_ && external_->failure());  // nothing else halts a world's kernel
    const TrackerFailure& failure = *external_->failure();
    limit_ = LimitBreach{failure.check, failure.node, failure.at, failure.detail, failure.context};
  } else if (outcome == RunOutcome::budget_exhausted) {
    limit_ = LimitBreach{"event_budget", node, kernel_.now(),
                         "the run used its budget of " + std::to_string(limits.events_max) + " events"};
  } else {
    limit_ = LimitBreach{"no_progress", node, kernel_.now(),
                         std::to_string(limits.events_per_instant_max) +
                             " events in a row at one instant: virtual time stopped advancing"};
  }
}

RunResult Simulation::run() {
  if (!started_) start();
  run_until(time_zero + scenario_.duration);
  return result();
}

void Simulation::take_liveness_snapshot(Time faults_stopped) {
  LivenessSnapshot snapshot;
  snapshot.at = kernel_.now();
  snapshot.faults_stopped = faults_stopped;
  snapshot.sequence = sequencer_.next;
  snapshot.leaders = cluster_->current_leaders();
  for (NodeIndex node = 0; node < cluster_->size(); ++node) {
    const bool up = cluster_->node(node).state() == NodeState::up;
    snapshot.up.push_back(up);
    snapshot.known_leader.push_back(up ? cluster_->node(node).raft().leader() : model::no_node);
    const model::LeaderStateTracker* tracker = primary_->tracker(node);
    snapshot.reported.push_back(tracker ? tracker->reported() : model::LeaderView{});
    const bool one_leader = snapshot.leaders.size() == 1;
    snapshot.member.push_back(!one_leader || cluster_->node(snapshot.leaders[0]).raft().membership().is_member(node));
  }
  liveness_ = snapshot;
}

RunResult Simulation::result() const {
  RunResult result;
  result.scenario = scenario_;
  result.seed = seed_;
  result.policy = policy_;
  result.comparison_policy = other_policy(policy_);
  result.events = primary_->events();
  if (comparison_) result.comparison_events = comparison_->events();
  result.truth = cluster_->truth();
  const std::size_t nodes = cluster_->size();  // one entry a node in each of these
  result.node_ids.reserve(nodes);
  result.clocks.reserve(nodes);
  result.boots.reserve(nodes);
  result.inputs.reserve(nodes);
  result.final_reported.reserve(nodes);
  result.observer.reserve(nodes);
  result.timer_faults.reserve(nodes);
  for (NodeIndex node = 0; node < nodes; ++node) {
    result.node_ids.push_back(cluster_->id(node));
    result.clocks.push_back(cluster_->node(node).clock());
    result.boots.push_back(cluster_->node(node).boot_at());
    result.inputs.push_back(log_ ? log_->inputs(node) : std::vector<LoggedInput>{});
    const model::LeaderStateTracker* tracker = primary_->tracker(node);
    result.final_reported.push_back(tracker ? std::optional(tracker->reported()) : std::nullopt);
    result.observer.push_back(cluster_->observer_counters(node));
    result.timer_faults.push_back(primary_->timer_faults(node));
  }
  if (mesh_) {
    result.mesh_events = mesh_->events();
    result.mesh_changes = mesh_->changes();
    result.mesh_starts = mesh_->starts();
  }
  result.leaderless_warnings = warnings_->warnings();
  result.raft_blocks = cluster_->raft_blocks();
  result.actions = actions_->records();
  result.requests = requests_->outcomes();
  result.mark = actions_->mark();
  result.liveness = liveness_;
  result.final_leaders = cluster_->current_leaders();
  result.network = cluster_->network().counters();
  result.kernel_events = kernel_.events_fired();
  for (NodeIndex node = 0; node < cluster_->size(); ++node) {
    const model::RaftMarks& marks = cluster_->node(node).marks();
    for (std::size_t i = 0; i < model::raft_mark_count; ++i) result.raft_marks.counts[i] += marks.counts[i];
  }
  result.limit = limit_;
  result.runaway_trackers = primary_->runaways();
  result.transcript = transcript_;
  result.trace_level = options_.trace_level;
  if (journal_) result.journal = journal_->records();
  if (options_.trace_hash) result.trace_hash = hash_run(result);
  return result;
}

NodeHandle Simulation::node(std::string_view id) {
  const NodeIndex index = cluster_->find(id);
  CLUSTERSIM_ASSERT(index != model::no_node);  // a test names a node its scenario has
  return NodeHandle(*this, index);
}

std::optional<Time> Simulation::mark() const { return actions_->mark(); }

std::string Simulation::leader() const {
  const std::vector<NodeIndex> leaders = cluster_->current_leaders();
  return leaders.size() == 1 ? cluster_->id(leaders[0]) : std::string();
}

void NodeHandle::crash() { simulation_.cluster().node(node_).crash(); }
void NodeHandle::restart() { simulation_.cluster().node(node_).restart(); }
void NodeHandle::pause() { simulation_.cluster().node(node_).pause(); }
void NodeHandle::resume() { simulation_.cluster().node(node_).resume(); }
void NodeHandle::isolate() { simulation_.cluster().network().isolate(node_); }

NodeState NodeHandle::state() const { return simulation_.cluster().node(node_).state(); }

model::RaftState NodeHandle::role() const {
  if (state() == NodeState::crashed) return model::RaftState::shutdown;
  return simulation_.cluster().node(node_).raft().role();
}

std::uint64_t NodeHandle::term() const { return simulation_.cluster().node(node_).durable().current_term; }

std::string NodeHandle::leader() const {
  if (state() == NodeState::crashed) return "";
  const NodeIndex leader = simulation_.cluster().node(node_).raft().leader();
  return leader == model::no_node ? std::string() : simulation_.cluster().id(leader);
}

std::optional<model::LeaderView> NodeHandle::reported() const {
  const model::LeaderStateTracker* tracker = simulation_.trackers().tracker(node_);
  if (tracker == nullptr) return std::nullopt;
  return tracker->reported();
}

RunResult run_scenario(const Scenario& scenario, const RunOptions& options) {
  return Simulation(scenario, options).run();
}

}  // namespace clustersim::sim
