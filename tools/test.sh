#!/usr/bin/env bash
# Every test: install what is missing, build Release and run the whole CTest suite, then build
# the asan preset (AddressSanitizer + UndefinedBehaviorSanitizer) and run the suite again, all
# but the tests of the tests (TestsOfTheTests/: deliberately wrong trackers the property suite
# must catch and shrink). Those measure the oracles' power, which a sanitizer does not change;
# under ASan their shrinking took 10 s to 2 min each, by rapidcheck's random seed, the largest
# and least predictable part of this script's time. The Release suite runs them all.
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

started=${SECONDS}
ensure_packages

configure_and_build release
step "testing (release)"
ctest --preset release --parallel "$(nproc)"

configure_and_build asan
step "testing (asan)"
ctest --preset asan --parallel "$(nproc)"

echo "==> all tests passed (release and asan) in $((SECONDS - started)) s"
