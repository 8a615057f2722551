#!/usr/bin/env bash
# Every test: install what is missing, build Release and run the whole CTest suite, then build
# the asan preset (AddressSanitizer + UndefinedBehaviorSanitizer) and run the suite again.
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
