#!/usr/bin/env bash
# Renders timelines in a real browser (headless Debian Chromium): the page must load with no
# script error and show one lane per node; the drawn faults must be there (each flap's down
# phases, each partition side, a one-way cut's two ends); a link's #nodes= and #from=/to= must
# filter and zoom the page; and screenshots must show every partition side in its colour and
# every flap phase and one-way band hatched where the SVG puts them (screenshot_check.go).
# Usage: timeline_in_chromium.sh CLUSTERSIM SCENARIO_DIR
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

# Flags as this machine's Chromium needs them headless as root, with no network access.
browser() {
  timeout 120 "${chromium}" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync --hide-scrollbars \
    --user-data-dir="${work}/profile" "$@" 2>/dev/null
}

# body_of PAGE[#HASH]: the <body> tag once the page's script has run.
body_of() {
  browser --dump-dom "file://${work}/$1" | grep -o '<body[^>]*>' || true
}

# drawn SCENARIO KIND MIN: the run's page draws at least MIN bands of that kind.
drawn() {
  local scenario="$1" kind="$2" min="$3" count
  count=$(grep -o "data-kind=\"${kind}\"" "${work}/${scenario}.html" | wc -l)
  if ((count < min)); then
    echo "FAIL ${scenario}: ${count} bands of ${kind}, expected at least ${min}" >&2
    exit 1
  fi
  echo "ok ${scenario}: ${count} ${kind} bands"
}

check leader_crash_restart 5
check seven_nodes_two_partitions 7
check non_voter_follows 4
check node_flap_leader 5
check one_way_leader_cannot_send 5
check rolling_restart 5 log

drawn node_flap_leader flap-down 10
drawn seven_nodes_two_partitions partition-side-1 3
drawn seven_nodes_two_partitions partition-side-2 3
drawn one_way_leader_cannot_send cannot-send 1
drawn one_way_leader_cannot_send cannot-hear 4

# A link opens the page filtered to some nodes and zoomed to a window.
body=$(body_of "seven_nodes_two_partitions.html#nodes=ctrl1,ctrl7&from=10&to=20")
if [[ "${body}" != *'data-visible-lanes="2"'* || "${body}" != *'data-window="10000000000-20000000000"'* ]]; then
  echo "FAIL: the page did not filter to 2 lanes and zoom to 10s-20s: ${body}" >&2
  exit 1
fi
echo "ok seven_nodes_two_partitions: filtered to 2 lanes, zoomed to 10s-20s"

# Screenshots against what the pictures say they draw.
export GOCACHE="${work}/gocache" GO111MODULE=off GOFLAGS=
for scenario in seven_nodes_two_partitions node_flap_leader one_way_leader_cannot_send; do
  "${clustersim}" run "${scenarios}/${scenario}.json" --quiet --timeline "${work}/${scenario}.svg" >/dev/null
  height=$(grep -o 'height="[0-9.]*"' "${work}/${scenario}.svg" | head -1 | grep -o '[0-9]*' | head -1)
  browser --screenshot="${work}/${scenario}.png" --window-size="1100,${height}" "file://${work}/${scenario}.svg"
  echo -n "ok ${scenario} screenshot: "
  go run "$(dirname "$0")/screenshot_check.go" "${work}/${scenario}.svg" "${work}/${scenario}.png"
done
