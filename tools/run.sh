#!/usr/bin/env bash
# The main job: install what is missing, build (Release), then run every scenario under
# scenarios/ with both tracker policies on every core and print one table (`clustersim run`
# over many files). Exit 0 only if every oracle and expectation holds in every run; else the
# worst verdict's exit code, with the command that reproduces each failed run. Extra arguments
# are passed to `clustersim run` (for example --seed 7, or --junit results.xml for CI).
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

ensure_packages
configure_and_build release
step "running the scenario suite"

set +e
"${repo_root}/build/bin/clustersim" run "${repo_root}"/scenarios/*.json --policy stable,openziti \
  --jobs "$(nproc)" --wall-times "$@"
code=$?
set -e
echo
if ((code != 0)); then
  echo "FAILED (exit ${code}): see each failed run with the commands above" >&2
  exit "${code}"
fi
echo "all scenarios pass under both policies (dedup: stable state events / openziti's)"
