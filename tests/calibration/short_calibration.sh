#!/usr/bin/env bash
# A short calibration (about a minute): the 100 ms leader crash, 200 trials in clustersim and
# 30 with the real hashicorp/raft; fails if the median downtimes differ by more than 15 % or an
# observation order common on one side (5 % of its sequences) never appears on the other.
#   short_calibration.sh CLUSTERSIM SOURCE_DIR WORK_DIR
set -euo pipefail
clustersim="$1"
source_dir="$2"
work="$3"
"${source_dir}/tools/calibrate/build.sh" "${work}"
"${clustersim}" sweep "${source_dir}/tools/calibrate/leader_crash_100ms.json" --trials 200 --jobs 2 \
  --metric downtime --out "${work}/sim.json" --observations >/dev/null
"${work}/calibrate" real --heartbeat 100ms --election 100ms --lease 50ms --settle 500ms --trials 30 \
  --out "${work}/real.jsonl"
"${work}/calibrate" compare --real "${work}/real.jsonl" --sim "${work}/sim.json" --tolerance 0.15 --common 0.05
