#!/usr/bin/env bash
# The classic Raft leader-crash experiment (scenarios/experiments/, set up as the Raft paper's
# section 9.3 describes; experiments/README.md says how and what the results mean): 5 servers
# on a LAN that write each vote and log append to a disk before answering, classic Raft (range
# timers, no pre-vote, no leader stickiness), heartbeats every half minimum timeout, client
# writes so that logs differ in length, and the leader crashed at a uniformly random instant
# within its heartbeat interval. 1,000 trials per timeout range (100 for 150-150). Writes the
# tables and the two CDF plots into experiments/:
#   no_randomness.txt           150-150 ms
#   randomness.{txt,json,svg}   150-151 .. 150-300 ms
#   min_timeout.{txt,json,svg}  12-24, 25-50, 50-100, 100-200, 150-300 ms
#   handover.txt                a planned transfer against a leader crash, both policies
#   guided_exploration.md       worlds to the first failure per mutant, swarm --guided or not
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

ensure_packages
configure_and_build release
clustersim="${repo_root}/build/bin/clustersim"
dir="${repo_root}/scenarios/experiments"
out="${repo_root}/experiments"
mkdir -p "${out}"
jobs="$(nproc)"

step "150-150 ms: 100 trials"
"${clustersim}" sweep "${dir}/leader_crash_150-150.json" --trials 100 --jobs "${jobs}" \
  --metric downtime --metric election_terms | tee "${out}/no_randomness.txt"

step "varying randomness: 1,000 trials each"
"${clustersim}" sweep "${dir}"/leader_crash_150-{151,155,175,200,300}.json --trials 1000 --jobs "${jobs}" \
  --metric downtime --metric election_terms --out "${out}/randomness.json" --plot "${out}/randomness.svg" --log \
  | tee "${out}/randomness.txt"

step "varying the minimum timeout: 1,000 trials each"
"${clustersim}" sweep "${dir}"/leader_crash_{12-24,25-50,50-100,100-200,150-300}.json --trials 1000 --jobs "${jobs}" \
  --metric downtime --metric election_terms --out "${out}/min_timeout.json" --plot "${out}/min_timeout.svg" --log \
  | tee "${out}/min_timeout.txt"

# Planned handover against a crash (experiments/handover.md): three OpenZiti-preset controllers,
# a leadership transfer or a leader crash at 30 s, under both tracker policies; 500 trials each.
step "planned transfer vs leader crash: 500 trials each"
"${clustersim}" sweep "${dir}"/handover/{planned_transfer,leader_crash}.json --trials 500 --jobs "${jobs}" \
  --set tracker.policy=stable,openziti --metric downtime --metric reported_leaderless \
  --metric reported_leaderless_mean --metric events_per_node | tee "${out}/handover.txt"

# How often `check` names the true cause of a leaderless period from the log alone
# (experiments/root_cause.md): every scenario of the library, its log checked.
step "root cause of leaderless periods: the scenario library"
"${repo_root}/build/bin/clustersim_cause_accuracy" "${repo_root}"/scenarios/*.json | tee "${out}/root_cause.md"

# Guided exploration measured on the mutant trackers (experiments/guided_exploration.md): worlds
# to the first failure with and without `swarm --guided`, 10 independent swarms each.
step "guided exploration: worlds to the first failure per mutant"
{
  sed -n '1,/^<!-- results -->$/p' "${out}/guided_exploration.md"
  "${repo_root}/build/bin/clustersim_guided_experiment" --input-faults --starts 10 --worlds-max 2000 \
    "${repo_root}/scenarios/steady_state.json" "${repo_root}/scenarios/startup_snapshot_then_drain.json"
} >"${out}/guided_exploration.md.new"
mv "${out}/guided_exploration.md.new" "${out}/guided_exploration.md"
