#!/usr/bin/env bash
# Calibration against the real hashicorp/raft (1.1.2, Debian's golang-github-hashicorp-raft-dev;
# it has no pre-vote): a leader crash, a partition of the leader and a flapping follower, each
# with 100 ms / 100 ms / 50 ms and with 1 s / 1 s / 500 ms heartbeat, election and lease
# timeouts, run by clustersim (tools/calibrate/*.json: pre-vote off, leader stickiness on, 200
# trials) and by the real library in one Go process on its in-memory transport with a real
# clock (50 trials; with 1 s timeouts five clusters at a time, where a millisecond of
# scheduling is no part of the answer), then compared side by side: quantiles of the downtime
# (the leaderless time for the flapping follower, whose leader does not fail), terms per
# election, observation-order bigrams. Writes experiments/calibration_{crash,partition,flap}_
# {100ms,1s}.txt, which experiments/calibration.md reads. Takes about 20 minutes (the real side
# runs in real time).
#   tools/calibrate.sh [SIM_TRIALS [REAL_TRIALS]]
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

sim_trials="${1:-200}"
real_trials="${2:-50}"
ensure_packages
configure_and_build release
clustersim="${repo_root}/build/bin/clustersim"
work="${repo_root}/build/calibrate"
out="${repo_root}/experiments"
step "building the Go side"
"${repo_root}/tools/calibrate/build.sh" "${work}"

# The flap: a follower cut off for three election timeouts at the start of each of three
# periods of ten; the settle time follows the flap, and the scenarios' durations match it.
status=0
for shape in crash partition flap; do
  scenario_name="leader_${shape}"
  metric=downtime
  if [[ "${shape}" == flap ]]; then
    scenario_name=flapping_follower
    metric=leaderless
  fi
  for timing in "100ms 100ms 50ms 1s 1 1s 300ms" "1s 1s 500ms 3s 5 10s 3s"; do
    read -r heartbeat election lease settle parallel flap_period flap_down <<<"${timing}"
    name="${shape}_${heartbeat}"
    scenario="${repo_root}/tools/calibrate/${scenario_name}_${heartbeat}.json"
    step "${shape}, ${heartbeat} / ${election} / ${lease}: clustersim, ${sim_trials} trials"
    "${clustersim}" sweep "${scenario}" --trials "${sim_trials}" --jobs "$(nproc)" --metric "${metric}" \
      --out "${work}/sim_${name}.json" --observations >/dev/null
    step "${shape}, ${heartbeat} / ${election} / ${lease}: hashicorp/raft, ${real_trials} trials"
    "${work}/calibrate" real --shape "${shape}" --heartbeat "${heartbeat}" --election "${election}" --lease "${lease}" \
      --settle "${settle}" --flap-period "${flap_period}" --flap-down "${flap_down}" --flap-periods 3 \
      --trials "${real_trials}" --parallel "${parallel}" --out "${work}/real_${name}.jsonl"
    step "compared"
    "${work}/calibrate" compare --real "${work}/real_${name}.jsonl" --sim "${work}/sim_${name}.json" --metric "${metric}" \
      | tee "${out}/calibration_${name}.txt" || status=1
  done
done
exit "${status}"
