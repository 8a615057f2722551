#!/usr/bin/env bash
# The main job: install what is missing, build (Release), then run every scenario under
# scenarios/ with both tracker policies and print one table. Exit 0 only if every oracle and
# expectation holds in every run. Extra arguments are passed to each `clustersim run`
# (for example --seed 7).
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

ensure_packages
configure_and_build release
step "running the scenario suite"

clustersim="${repo_root}/build/bin/clustersim"
format='%-36s %-9s %5s %9s %7s %6s %7s %-9s %8s\n'
# shellcheck disable=SC2059
printf "${format}" scenario policy nodes simulated events dedup checks verdict wall
failures=()
for scenario in "${repo_root}"/scenarios/*.json; do
  for policy in stable openziti; do
    started=$(date +%s%N)
    set +e
    row=$("${clustersim}" run "${scenario}" --policy "${policy}" --row "$@" 2>&1)
    code=$?
    set -e
    wall_ms=$(( ($(date +%s%N) - started) / 1000000 ))
    if [[ ${code} -eq 2 ]]; then
      echo "${row}" >&2
      failures+=("${scenario} (${policy}): bad input")
      continue
    fi
    IFS=$'\t' read -r name pol nodes simulated events dedup checks verdict <<<"${row}"
    # shellcheck disable=SC2059
    printf "${format}" "${name}" "${pol}" "${nodes}" "${simulated}" "${events}" "${dedup}" \
      "${checks}" "${verdict}" "${wall_ms}ms"
    if [[ ${code} -ne 0 ]]; then
      failures+=("clustersim run ${scenario#"${repo_root}"/} --policy ${policy}")
    fi
  done
done

echo
if ((${#failures[@]} > 0)); then
  echo "FAILED: ${#failures[@]} run(s); see each with:" >&2
  printf '  %s\n' "${failures[@]}" >&2
  exit 1
fi
echo "all scenarios pass under both policies (dedup: stable state events / openziti's)"
