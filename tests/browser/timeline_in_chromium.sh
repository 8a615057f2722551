#!/usr/bin/env bash
# Renders timelines in a real browser (headless Debian Chromium): the page must load with no
# script error and show one lane per node. Usage: timeline_in_chromium.sh CLUSTERSIM SCENARIO_DIR
# Exits 77 (CTest: skipped) when Chromium is not installed; tools/test.sh installs it.
set -euo pipefail
clustersim="$1"
scenarios="$2"
chromium="$(command -v chromium || true)"
if [[ -z "${chromium}" ]]; then
  echo "chromium is not installed (tools/test.sh installs it): skipped"
  exit 77
fi
work="$(mktemp -d)"
trap 'rm -rf "${work}"' EXIT

# check SCENARIO LANES [log]: the run's timeline, or with "log" the timeline `check` draws of
# the event log the run wrote.
check() {
  local scenario="$1" lanes="$2" kind="${3:-run}"
  if [[ "${kind}" == log ]]; then
    "${clustersim}" run "${scenarios}/${scenario}.json" --quiet --events "${work}/${scenario}.jsonl" >/dev/null
    "${clustersim}" check "${work}/${scenario}.jsonl" --timeline "${work}/${scenario}.html" >/dev/null
  else
    "${clustersim}" run "${scenarios}/${scenario}.json" --quiet --timeline "${work}/${scenario}.html" >/dev/null
  fi
  # Flags as this machine's Chromium needs them headless as root, with no network access.
  local body
  body=$(timeout 120 "${chromium}" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="${work}/profile-${scenario}" --dump-dom "file://${work}/${scenario}.html" 2>/dev/null |
    grep -o '<body[^>]*>' || true)
  if [[ "${body}" != *'data-status="ok"'* ]]; then
    echo "FAIL ${scenario}: the page did not finish its script without error: ${body:-no body}" >&2
    exit 1
  fi
  if [[ "${body}" != *"data-lanes=\"${lanes}\""* ]]; then
    echo "FAIL ${scenario}: expected ${lanes} lanes: ${body}" >&2
    exit 1
  fi
  echo "ok ${scenario} (${kind}): rendered, ${lanes} lanes"
}

check leader_crash_restart 5
check seven_nodes_two_partitions 7
check non_voter_follows 4
check rolling_restart 5 log
