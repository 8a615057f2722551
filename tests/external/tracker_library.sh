#!/usr/bin/env bash
# The whole scenario library with an external tracker (the tracker protocol), under both
# policies: every run's verdict and written event stream must equal the built-in C++ tracker's
# byte for byte. Usage: tracker_library.sh CLUSTERSIM SCENARIO_DIR "TRACKER COMMAND" [SCENARIO...]
# (no scenarios named: every *.json in SCENARIO_DIR). Prints each difference; exits 1 if any.
set -euo pipefail
clustersim="$1"
scenario_dir="$2"
tracker="$3"
shift 3
work="$(mktemp -d)"
trap 'rm -rf "${work}"' EXIT

scenarios=("$@")
if ((${#scenarios[@]} == 0)); then
  scenarios=("${scenario_dir}"/*.json)
fi

runs=0
differences=0
for scenario in "${scenarios[@]}"; do
  for policy in stable openziti; do
    runs=$((runs + 1))
    set +e
    "${clustersim}" run "${scenario}" --policy "${policy}" --events "${work}/builtin.jsonl" --quiet >"${work}/builtin.txt" 2>&1
    builtin_code=$?
    "${clustersim}" run "${scenario}" --policy "${policy}" --events "${work}/external.jsonl" --quiet \
      --tracker-cmd "${tracker}" >"${work}/external.txt" 2>&1
    external_code=$?
    set -e
    name="$(basename "${scenario}") (${policy})"
    if [[ ${builtin_code} -ne ${external_code} ]]; then
      echo "${name}: exit ${external_code} with the external tracker, ${builtin_code} with the built-in one"
      cat "${work}/external.txt"
      differences=$((differences + 1))
    elif ! cmp -s "${work}/builtin.jsonl" "${work}/external.jsonl"; then
      echo "${name}: the event streams differ"
      diff "${work}/builtin.jsonl" "${work}/external.jsonl" | head -10
      differences=$((differences + 1))
    elif ! cmp -s "${work}/builtin.txt" "${work}/external.txt"; then
      echo "${name}: the verdicts differ"
      diff "${work}/builtin.txt" "${work}/external.txt" | head -10
      differences=$((differences + 1))
    fi
  done
done
if ((differences > 0)); then
  echo "${differences} of ${runs} runs differ from the built-in tracker" >&2
  exit 1
fi
echo "all ${runs} runs equal the built-in tracker's byte for byte"
