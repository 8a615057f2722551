#!/usr/bin/env bash
# Runs a clustersim swarm on Kubernetes: the results volume, the Indexed Job of the swarm, and,
# once it has ended (complete, or failed because indexes found failures), the merge Job; then
# prints the merge's table. Needs kubectl pointed at the cluster and namespace to use; edit the
# image, template and counts in swarm-job.yaml first.
#
#   tools/batch/kubernetes/run.sh [TIMEOUT_SECONDS]   (default 86400)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
timeout="${1:-86400}"

# Waits for the job to end; prints "Complete" or "Failed".
wait_for_end() {
  local job="$1" deadline=$((SECONDS + timeout)) state
  while ((SECONDS < deadline)); do
    state=$(kubectl get job "${job}" -o jsonpath='{.status.conditions[?(@.status=="True")].type}')
    case "${state}" in
      *Complete*) echo Complete; return ;;
      *Failed*) echo Failed; return ;;
    esac
    sleep 10
  done
  echo "run.sh: ${job} did not end within ${timeout} s" >&2
  exit 1
}

kubectl apply -f "${here}/results-pvc.yaml"
kubectl delete job clustersim-swarm clustersim-merge --ignore-not-found
kubectl apply -f "${here}/swarm-job.yaml"
echo "swarm: $(wait_for_end clustersim-swarm) (failed indexes: $(kubectl get job clustersim-swarm -o jsonpath='{.status.failedIndexes}'))"
kubectl apply -f "${here}/merge-job.yaml"
echo "merge: $(wait_for_end clustersim-merge)"
kubectl logs job/clustersim-merge
