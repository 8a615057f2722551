#!/usr/bin/env bash
# Builds the calibration program against Debian's golang-github-hashicorp-raft-dev (GOPATH
# mode, from /usr/share/gocode: nothing is downloaded) into $1/calibrate, its Go build cache
# beside it. Used by tools/calibrate.sh and the calibration test.
set -euo pipefail
mkdir -p "$1"
out="$(cd "$1" && pwd)"  # absolute: go runs from this script's folder and needs an absolute GOCACHE
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
command -v go >/dev/null || { echo "calibrate: go is not installed (Debian: golang-go)" >&2; exit 2; }
[[ -d /usr/share/gocode/src/github.com/hashicorp/raft ]] ||
  { echo "calibrate: hashicorp/raft is not installed (Debian: golang-github-hashicorp-raft-dev)" >&2; exit 2; }
mkdir -p "${out}/go-cache"
cd "${here}"
# Everything go needs is given here (a CI shell may have no HOME); GOPROXY=off: nothing is fetched.
HOME="${HOME:-${out}}" GOENV=off GOPROXY=off GO111MODULE=off GOPATH=/usr/share/gocode \
  GOCACHE="${out}/go-cache" GOFLAGS= go build -o "${out}/calibrate" .
