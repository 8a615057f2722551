#!/usr/bin/env bash
# Calibration against the real hashicorp/raft (1.1.2, Debian's golang-github-hashicorp-raft-dev;
# it has no pre-vote): a leader crash and a partition of the leader, each with 100 ms / 100 ms /
# 50 ms and with 1 s / 1 s / 500 ms heartbeat, election and lease timeouts, run by clustersim
# (tools/calibrate/*.json: pre-vote off, leader stickiness on, 200 trials) and by the real
# library in one Go process on its in-memory transport with a real clock (50 trials), then
# compared side by side: downtime quantiles, terms per election, observation-order bigrams.
# Writes experiments/calibration_{crash,partition}_{100ms,1s}.txt, which
# experiments/calibration.md reads. Takes about 25 minutes (the real side runs in real time).
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

status=0
for shape in crash partition; do
  for timing in "100ms 100ms 50ms 1s" "1s 1s 500ms 3s"; do
    read -r heartbeat election lease settle <<<"${timing}"
    name="${shape}_${heartbeat}"
    scenario="${repo_root}/tools/calibrate/leader_${shape}_${heartbeat}.json"
    step "${shape}, ${heartbeat} / ${election} / ${lease}: clustersim, ${sim_trials} trials"
    "${clustersim}" sweep "${scenario}" --trials "${sim_trials}" --jobs "$(nproc)" --metric downtime \
      --out "${work}/sim_${name}.json" --observations >/dev/null
    step "${shape}, ${heartbeat} / ${election} / ${lease}: hashicorp/raft, ${real_trials} trials"
    "${work}/calibrate" real --shape "${shape}" --heartbeat "${heartbeat}" --election "${election}" --lease "${lease}" \
      --settle "${settle}" --trials "${real_trials}" --out "${work}/real_${name}.jsonl"
    step "compared"
    "${work}/calibrate" compare --real "${work}/real_${name}.jsonl" --sim "${work}/sim_${name}.json" \
      | tee "${out}/calibration_${name}.txt" || status=1
  done
done
exit "${status}"
