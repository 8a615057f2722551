#!/usr/bin/env bash
# Two builds of clustersim_bench measured in one interleaved sitting (A B A B ...), because a
# shared machine drifts: the figures a change is judged by (steady 5 and 101 nodes in simulated
# seconds per wall second, higher is better; the swarm in ms per world, the leader-crash trials
# and world construction in us each, lower is better).
# Prints the median of every iteration of every round for each binary, and the change.
# Usage: tools/bench_compare.sh BEFORE_BENCH AFTER_BENCH [ROUNDS (default 4)]
set -euo pipefail
before="$1"
after="$2"
rounds="${3:-4}"
# One filter per run: Google Benchmark's CSV output needs the same counters on every row.
filters=('BM_cluster_steady/(5|101)$' 'BM_swarm_worlds_5_nodes_60s$' 'BM_leader_crash_(trial_5_nodes|experiment_trial)$'
  'BM_world_construction/(5|25|101)$')
work="$(mktemp -d)"
trap 'rm -rf "${work}"' EXIT

for round in $(seq 1 "${rounds}"); do
  for side in before after; do
    binary="${before}"
    [[ ${side} == after ]] && binary="${after}"
    for filter in "${filters[@]}"; do
      "${binary}" --benchmark_filter="${filter}" --benchmark_min_time=0.5 --benchmark_repetitions=3 \
        --benchmark_format=csv 2>/dev/null >>"${work}/${side}.csv"
    done
    echo "round ${round}/${rounds}: ${side} done" >&2
  done
done

# One value per iteration row: the simulated-seconds rate where there is one, else real time.
values() {
  awk -F, -v want="$2" '
    /^name,/ { for (i = 1; i <= NF; i++) { if ($i == "\"sim_seconds_per_second\"" || $i == "sim_seconds_per_second") rate = i; if ($i == "real_time") rt = i }; next }
    { name = $1; gsub(/"/, "", name) }
    name == want { print (rate && $rate != "" ? $rate : $rt) }' "$1" | sort -g
}
median() { awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

printf '%-32s %14s %14s %9s\n' benchmark before after change
for name in BM_cluster_steady/5 BM_cluster_steady/101 BM_swarm_worlds_5_nodes_60s BM_leader_crash_trial_5_nodes \
  BM_leader_crash_experiment_trial BM_world_construction/5 BM_world_construction/25 BM_world_construction/101; do
  b=$(values "${work}/before.csv" "${name}" | median)
  a=$(values "${work}/after.csv" "${name}" | median)
  printf '%-32s %14.4g %14.4g %+8.1f%%\n' "${name}" "${b}" "${a}" "$(awk -v a="${a}" -v b="${b}" 'BEGIN { print (a - b) / b * 100 }')"
done
echo "(sim s per wall s for the clusters, higher is better; ms per world for the swarm, us per trial"
echo " and per world built, lower is better)"
