#!/usr/bin/env bash
# Submits a clustersim swarm to Slurm: an array of TASKS tasks over COUNT seeds, then the merge
# step, which runs once every task has ended. Prints the two job ids; the summary lands in
# OUT/summary.txt (and .json, .xml).
#
#   tools/batch/slurm/submit.sh TEMPLATE.json COUNT TASKS OUT [SWARM OPTIONS...]
#   tools/batch/slurm/submit.sh scenarios/steady_state.json 1000000 100 /shared/swarm --input-faults
#
# CLUSTERSIM names the binary (default: clustersim on the PATH), SEED_START the first seed
# (default 1), BUDGET a wall-clock budget per task. Any sbatch option can be set the usual way
# (SBATCH_PARTITION, SBATCH_ACCOUNT, ...).
set -euo pipefail

if (($# < 4)); then
  sed -n '2,13p' "$0" >&2
  exit 2
fi
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
template="$(realpath "$1")" count="$2" tasks="$3" out="$4"
shift 4
if ! [[ "${tasks}" =~ ^[1-9][0-9]*$ ]]; then
  echo "submit.sh: TASKS must be a whole number of at least 1, got \"${tasks}\"" >&2
  exit 2
fi
mkdir -p "${out}"
out="$(realpath "${out}")"
export CLUSTERSIM="${CLUSTERSIM:-clustersim}" TEMPLATE="${template}" COUNT="${count}" OUT="${out}"
export SEED_START="${SEED_START:-1}" BUDGET="${BUDGET:-}" SWARM_OPTIONS="$*"

array=$(sbatch --parsable --array="0-$((tasks - 1))" --output="${out}/slurm-%A_%a.out" "${here}/swarm.sbatch")
array="${array%%;*}"  # "id;cluster" on a federation
merge=$(sbatch --parsable --dependency="afterany:${array}" --output="${out}/slurm-merge-%j.out" "${here}/merge.sbatch")
merge="${merge%%;*}"
echo "array job ${array} (${tasks} tasks), merge job ${merge}; summary: ${out}/summary.txt"
