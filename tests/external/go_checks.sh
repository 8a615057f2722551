#!/usr/bin/env bash
# The Go reference tracker reads as Go code should: gofmt leaves it unchanged and go vet finds
# nothing. Usage (in examples/go-tracker): go_checks.sh GO [NAME=VALUE...] (the environment
# for go: its caches in the build tree, no downloads).
set -euo pipefail
go="$1"
shift
export "$@"
gofmt="$(dirname "$(readlink -f "${go}")")/gofmt"
unformatted=$("${gofmt}" -l .)
if [[ -n "${unformatted}" ]]; then
  echo "not gofmt-formatted: ${unformatted}" >&2
  exit 1
fi
"${go}" vet ./...
echo "gofmt and go vet are content"
