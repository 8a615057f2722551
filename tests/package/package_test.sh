#!/usr/bin/env bash
# The installable package as a consumer meets it: `cmake --install` into a scratch prefix, then
#  - examples/embed-tracker, a separate CMake project, finds it (find_package(clustersim 0.2
#    COMPONENTS tracker asio)), builds and runs: the installed tracker behaves;
#  - a program built with only `pkg-config --cflags --libs clustersim` (no CMake, no Boost)
#    makes a tracker and runs it;
#  - the tracker component's CMake targets need no Boost;
#  - the installed command prints its version;
#  - CPack builds the two Debian packages, libclustersim-dev and clustersim, with their files.
# Usage: package_test.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build="$1"
source_dir="$2"
work="$(mktemp -d)"
trap 'rm -rf "${work}"' EXIT
prefix="${work}/prefix"

echo "== cmake --install"
cmake --install "${build}" --prefix "${prefix}" >/dev/null
test -f "${prefix}/include/clustersim/tracker/leader_state_tracker.h"
if grep -rq '#include "model/' "${prefix}/include/clustersim"; then
  echo "an installed header still includes model/..., which the package does not have" >&2
  exit 1
fi
if grep -q Boost "${prefix}/lib/cmake/clustersim/clustersim-tracker-targets.cmake"; then
  echo "the tracker component's targets need Boost" >&2
  exit 1
fi

echo "== examples/embed-tracker against the installed package"
cmake -S "${source_dir}/examples/embed-tracker" -B "${work}/embed" -DCMAKE_PREFIX_PATH="${prefix}" >/dev/null
cmake --build "${work}/embed" >/dev/null
"${work}/embed/embed_tracker"

echo "== a consumer that knows only pkg-config"
cat >"${work}/plain.cpp" <<'CPP'
#include <clustersim/tracker/leader_state_tracker.h>
#include <clustersim/events/event_json.h>
#include <iostream>
struct Print : clustersim::model::EventSink {
  void accept(const clustersim::model::ClusterEvent& e) override { std::cout << clustersim::model::event_to_json(e) << "\n"; }
};
int main() {
  clustersim::model::TrackerConfig config;
  config.policy = clustersim::model::TrackerPolicy::openziti;
  config.self_id = "a";
  config.members = {{"a", "tls:a:6262"}, {"b", "tls:b:6262"}};
  Print print;
  auto tracker = clustersim::model::make_tracker(config, print);
  tracker->start(std::chrono::nanoseconds(0));
  tracker->on_leader("b", 1, std::chrono::nanoseconds(5));
  return tracker->reported().leader_id == "b" ? 0 : 1;
}
CPP
export PKG_CONFIG_PATH="${prefix}/lib/pkgconfig"
# shellcheck disable=SC2046
c++ -std=c++20 "${work}/plain.cpp" -o "${work}/plain" $(pkg-config --cflags --libs clustersim)
"${work}/plain" | tee "${work}/plain.out"
grep -q '"eventType":"state.has_leader","leaderId":"b"' "${work}/plain.out"

echo "== the installed command"
"${prefix}/bin/clustersim" --version | grep -E '^clustersim [0-9]+\.[0-9]+\.[0-9]+ \(commit [0-9a-f]+|unknown'

echo "== CPack: Debian packages"
(cd "${build}" && cpack -G DEB -B "${work}/debs" >/dev/null)
dev=$(ls "${work}"/debs/libclustersim-dev_*.deb)
tool=$(ls "${work}"/debs/clustersim_*.deb)
test "$(dpkg-deb -f "${dev}" Package)" = libclustersim-dev
test "$(dpkg-deb -f "${tool}" Package)" = clustersim
dpkg-deb -c "${dev}" >"${work}/dev.list"
dpkg-deb -c "${tool}" >"${work}/tool.list"
grep -q 'include/clustersim/tracker/leader_state_tracker.h' "${work}/dev.list"
grep -q 'include/clustersim/asio/asio_tracker.h' "${work}/dev.list"
grep -q 'lib/libclustersim_tracker.a' "${work}/dev.list"
grep -q 'lib/cmake/clustersim/clustersimConfig.cmake' "${work}/dev.list"
grep -q 'lib/pkgconfig/clustersim.pc' "${work}/dev.list"
grep -q 'bin/clustersim$' "${work}/tool.list"
if grep -q 'bin/clustersim$' "${work}/dev.list"; then
  echo "libclustersim-dev holds the command, which is the clustersim package's" >&2
  exit 1
fi
echo "package: installed, found, embedded, pkg-config'd and packaged"
