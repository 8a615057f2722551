#!/usr/bin/env bash
# The report tool on Google Benchmark output as the suite writes it (testdata/nan_aggregate.json:
# three repetitions, and an aggregate Google Benchmark could not compute, written as a bare
# NaN). It must read the file, take medians, mark the targets and write the scaling table; it
# exits 1, not 2, because most targets have no figures in this file. The retired 101/5 cost
# ratio must not come back as a target.
# Usage: report_test.sh CLUSTERSIM_REPORT TESTDATA_DIR
set -euo pipefail
report="$1"
testdata="$2"
work="$(mktemp -d)"
trap 'rm -rf "${work}"' EXIT

status=0
"${report}" --bench "${testdata}/nan_aggregate.json" --out "${work}" >"${work}/stdout" 2>"${work}/stderr" || status=$?
if [[ ${status} -ne 1 ]]; then
  echo "FAIL: exit ${status}, expected 1 (targets unmeasured); stderr:" >&2
  cat "${work}/stderr" >&2
  exit 1
fi
expect() {
  if ! grep -qF -- "$1" "${work}/report.md"; then
    echo "FAIL: report.md lacks: $1" >&2
    exit 1
  fi
}
# Medians: 200,000 simulated s per wall s at 5 nodes.
expect "| 5 nodes, hashicorp defaults, no faults: >= 100,000 simulated s per wall s | 200000 | met |"
if grep -qF "cost at most" "${work}/report.md"; then
  echo "FAIL: report.md still has a cost-ratio target" >&2
  exit 1
fi
expect "| swarm: 1,000 random 5-node 60 s worlds in < 10 s on one core | 0.90 s per 1,000 | met |"
expect "| kernel: >= 10 million events per second (1,000 to 100,000 pending) | nan M/s (slowest) | NOT MEASURED |"
# 1e9 / (200,000 * 85) and 1e9 / (6,250 * 2,057) ns; 1e9 / 34 M, 23 M and 25 M ns.
expect "| whole cluster, ns per event (a: 5 nodes, b: 101 nodes) | 58.8 | 77.8 | 1.32x |"
expect "| kernel alone, same event mix, ns per event (a: 5 nodes, b: 101 nodes) | 29.4 | 43.5 | 1.48x |"
expect "| kernel alone, 5 nodes, ns per event (a: messages of 0.5-2 ms, b: 20-80 ms) | 29.4 | 40.0 | 1.36x |"
echo "report written from NaN-bearing benchmark output, figures as expected"
