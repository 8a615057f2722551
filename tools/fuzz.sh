#!/usr/bin/env bash
# Coverage-guided fuzzing of every reader of outside input (fuzz/): installs clang-16 and
# libFuzzer if missing, builds the fuzz preset and runs each target for SECONDS (default 60),
# as many at once as the machine has cores.
#
#   tools/fuzz.sh [SECONDS] [TARGET...]       targets: scenario_parser scenario_run event_line trace timestamp
#                                             tracker_answer results_file
#   CLUSTERSIM_FUZZ_MERGE=1 tools/fuzz.sh ... afterwards, merge what reached new code into fuzz/corpus/
#
# Each target starts from its committed corpus and regressions (and the scenario library for
# the scenario targets); its working corpus and any crash input stay in build-fuzz/work/.
# A crash input is a bug: fix it, then add the input to fuzz/regressions/TARGET/ named for what
# it broke, so CTest replays it for ever. Exit 1 if any target found something.
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

seconds="${1:-60}"
[[ "${seconds}" =~ ^[0-9]+$ ]] || { echo "tools/fuzz.sh: SECONDS must be a whole number, got \"${seconds}\"" >&2; exit 2; }
shift || true
all_targets=(scenario_parser scenario_run event_line trace timestamp tracker_answer results_file)
targets=("$@")
((${#targets[@]} > 0)) || targets=("${all_targets[@]}")
for target in "${targets[@]}"; do
  [[ " ${all_targets[*]} " == *" ${target} "* ]] || { echo "tools/fuzz.sh: unknown target \"${target}\" (${all_targets[*]})" >&2; exit 2; }
done

ensure_packages "${fuzz_packages[@]}"
configure_and_build fuzz

work="${repo_root}/build-fuzz/work"
# fuzz_one TARGET: runs one target for the given time; its log is build-fuzz/work/TARGET.log.
fuzz_one() {
  local target="$1"
  local dir="${work}/${target}"
  mkdir -p "${dir}/corpus" "${dir}/crashes"
  local seeds=("${repo_root}/fuzz/corpus/${target}")
  # A target nothing has broken yet has no regressions folder.
  [[ -d "${repo_root}/fuzz/regressions/${target}" ]] && seeds+=("${repo_root}/fuzz/regressions/${target}")
  [[ "${target}" == scenario_* ]] && seeds+=("${repo_root}/scenarios")
  # Bounds a finding must stay within: 10 s per input (the slowest scenario_run input takes
  # well under one), 2 GiB of memory, inputs up to 64 KiB (larger ones only repeat structure).
  "${repo_root}/build-fuzz/bin/fuzz_${target}" "${dir}/corpus" "${seeds[@]}" \
    -max_total_time="${seconds}" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
    -artifact_prefix="${dir}/crashes/" -print_final_stats=1 > "${work}/${target}.log" 2>&1
}

step "fuzzing ${targets[*]} for ${seconds} s each, $(nproc) at a time"
mkdir -p "${work}"
declare -A status
running=()
for target in "${targets[@]}"; do
  fuzz_one "${target}" &
  running+=("$!:${target}")
  if ((${#running[@]} >= $(nproc))); then
    entry="${running[0]}"; running=("${running[@]:1}")
    if wait "${entry%%:*}"; then status[${entry#*:}]=0; else status[${entry#*:}]=1; fi
  fi
done
for entry in "${running[@]}"; do
  if wait "${entry%%:*}"; then status[${entry#*:}]=0; else status[${entry#*:}]=1; fi
done

found=0
for target in "${targets[@]}"; do
  log="${work}/${target}.log"
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "${log}" | grep -o '[0-9]*$' || echo "?")
  coverage=$(grep -o 'cov: [0-9]*' "${log}" | tail -1 | grep -o '[0-9]*' || echo "?")
  if [[ "${status[${target}]}" == 0 ]]; then
    echo "    ${target}: ${runs} inputs in ${seconds} s, ${coverage} edges covered, nothing found"
  else
    found=1
    echo "    ${target}: FOUND a problem after ${runs} inputs; see ${log} and ${work}/${target}/crashes/"
  fi
  if [[ "${CLUSTERSIM_FUZZ_MERGE:-0}" == 1 && "${status[${target}]}" == 0 ]]; then
    # The smallest set of inputs that keeps every feature reached (set-cover merge), so the
    # committed corpus stays about a megabyte per target.
    merged="${work}/${target}/merged"
    rm -rf "${merged}" && mkdir -p "${merged}"
    if "${repo_root}/build-fuzz/bin/fuzz_${target}" -set_cover_merge=1 "${merged}" "${repo_root}/fuzz/corpus/${target}" \
         "${work}/${target}/corpus" > "${work}/${target}.merge.log" 2>&1; then
      rm -rf "${repo_root}/fuzz/corpus/${target}" && mv "${merged}" "${repo_root}/fuzz/corpus/${target}"
      echo "    ${target}: corpus merged into fuzz/corpus/${target} ($(ls "${repo_root}/fuzz/corpus/${target}" | wc -l) files)"
    else
      echo "    ${target}: the merge failed (see ${work}/${target}.merge.log); fuzz/corpus/${target} is unchanged"
      found=1
    fi
  fi
done
exit "${found}"
