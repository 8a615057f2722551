#!/usr/bin/env bash
# The main job: install what is missing, build (Release), and run the default job with a
# summary a person can read. Until the scenario suite exists, that job is the built-in demo
# simulation. Extra arguments go to the demo, for example: tools/run.sh --seed 42
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

ensure_packages
configure_and_build release
step "running the demo simulation"
"${repo_root}/build/bin/clustersim" demo "$@"
