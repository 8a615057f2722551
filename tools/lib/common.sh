# Shared by tools/run.sh and tools/test.sh: install what is missing, then configure and build.
# Sourced, not run. Every step fails loudly: set -euo pipefail and an ERR trap naming the step.

set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
current_step="starting"
trap 'echo "clustersim: FAILED while ${current_step} (exit $?)" >&2' ERR

step() {
  current_step="$1"
  echo "==> $1"
}

# Debian 12 packages the project needs. libgmock-dev: Debian's GTest CMake package also
# declares the gmock targets and checks that their files exist. chromium: the timeline test
# renders pages in a real headless browser. golang-go: the Go reference tracker
# (examples/go-tracker) and the calibration; pkgconf: the package test builds a consumer with
# nothing but `pkg-config --cflags --libs clustersim`. libxml2-utils: xmllint validates every
# command's JUnit report against the schema CI systems read (tests/testdata/junit.xsd).
# slurm-wlm and munge: the batch test starts a one-node Slurm cluster and runs a swarm on it;
# python3-yaml: the Kubernetes manifests' test reads them as YAML, as kubectl does.
required_packages=(
  g++ cmake ninja-build
  libboost-dev nlohmann-json3-dev librapidcheck-dev libgtest-dev libgmock-dev libbenchmark-dev
  chromium
  golang-go golang-github-hashicorp-raft-dev
  pkgconf
  libxml2-utils
  slurm-wlm munge python3-yaml
)

# Only tools/fuzz.sh needs these: Debian 12's default clang (14) cannot compile the project
# (a lambda captures a structured binding, which clang supports from 16).
fuzz_packages=(clang-16 libclang-rt-16-dev)

# ensure_packages [PACKAGE...]: the required packages and any given, installed if missing.
ensure_packages() {
  step "checking Debian packages"
  local missing=()
  local package
  local wanted=("${required_packages[@]}" "$@")
  for package in "${wanted[@]}"; do
    if ! dpkg-query -W -f='${Status}' "${package}" 2>/dev/null | grep -q "install ok installed"; then
      missing+=("${package}")
    fi
  done
  if ((${#missing[@]} == 0)); then
    echo "    all ${#wanted[@]} packages present"
    return
  fi
  step "installing ${missing[*]}"
  local sudo=()
  if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null || { echo "clustersim: need root (or sudo) to install: ${missing[*]}" >&2; exit 1; }
    sudo=(sudo)
  fi
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

# configure_and_build PRESET: configures with the CMake preset and builds every target.
configure_and_build() {
  local preset="$1"
  step "configuring (${preset})"
  cmake --preset "${preset}" -S "${repo_root}" >/dev/null
  step "building (${preset})"
  cmake --build --preset "${preset}" --parallel "$(nproc)"
}
