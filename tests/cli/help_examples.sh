#!/usr/bin/env bash
# Every example a user is shown runs: the examples of each `clustersim COMMAND --help` and of
# `tracker_demo --help`, and every `build/bin/clustersim` command in the README. Each runs as a
# user would type it, from a scratch folder that looks like the repository (scenarios/, tests/,
# build/bin/) with the files the examples name (an events file, a gzipped one, one log per
# controller, a trace, a tracker under test, an alerting rule). Long searches are shortened
# (more than 100 seeds, a --count or trials become 20: the example's form, not its length, is tested) and
# `--follow` is ended by ^C after 3 s. An example passes when it exits 0.
# usage: help_examples.sh BIN_DIR REPO_DIR
set -uo pipefail

bin_dir="$(cd "$1" && pwd)"
repo="$(cd "$2" && pwd)"
scratch="$(mktemp -d)"
trap 'rm -rf "${scratch}"' EXIT
export PATH="${bin_dir}:${scratch}/tools:${PATH}"

# The repository as the examples expect it, and the files they name.
cd "${scratch}" || exit 1
mkdir -p build tools
ln -s "${bin_dir}" build/bin
ln -s "${repo}/scenarios" scenarios
ln -s "${repo}/tests" tests
logs="${repo}/tests/testdata/logs"
cp "${logs}/incident.v1.4.jsonl" events.json
gzip -c events.json > events.json.gz
for n in 1 2 3; do cp "${logs}/incident.ctrl${n}.jsonl" "ctrl${n}.json"; done
clustersim run scenarios/leader_crash.json --trace trace.jsonl --quiet > /dev/null || exit 1
# The tracker under test: the Go reference tracker, as a team's own would be started.
printf '#!/bin/sh\nexec "%s/clustersim-go-tracker"\n' "${bin_dir}" > my-tracker
# An alerting rule that reads the events as they come.
printf '#!/bin/sh\nexec cat > /dev/null\n' > tools/my-alerting-rule
chmod +x my-tracker tools/my-alerting-rule

# The examples: lines after "example:" or "examples:" that start with the program's name, a
# trailing backslash joining the next line.
help_examples() {
  "$@" --help | awk -v program="$1" '
    /^examples?:/ { on = 1; next }
    on && /^[^ ]/ { on = 0 }
    on {
      line = pending $0; pending = ""
      if (line ~ /\\$/) { sub(/\\$/, "", line); pending = line; next }
      sub(/^ +/, "", line)
      if (index(line, program " ") == 1) print line
    }'
}
readme_examples() {
  awk '/^```/ { block = !block; next }
       block {
         line = pending $0; pending = ""
         if (line ~ /\\$/) { sub(/\\$/, "", line); pending = line; next }
         sub(/ +# .*$/, "", line)
         if (line ~ /(^|\| )build\/bin\/clustersim /) print line
       }' "${repo}/README.md"
}

examples=()
for command in run replay check swarm sweep vectors demo; do
  while IFS= read -r line; do examples+=("${line}"); done < <(help_examples clustersim "${command}")
done
while IFS= read -r line; do examples+=("${line}"); done < <(help_examples tracker_demo)
while IFS= read -r line; do examples+=("${line}"); done < <(readme_examples)
if ((${#examples[@]} < 20)); then
  echo "help_examples: found only ${#examples[@]} examples; the extraction is broken" >&2
  exit 1
fi

failed=0
for example in "${examples[@]}"; do
  shortened="$(sed -E 's/--(seeds|trials|count) [0-9]{3,}/--\1 20/g' <<<"${example}")"
  if [[ ${shortened} == *--follow* ]]; then
    timeout --preserve-status -s INT 3 sh -c "${shortened}" > out.txt 2>&1
    code=$?
    [[ ${code} -eq 130 || ${code} -eq 0 ]] && code=0
  else
    timeout 300 sh -c "${shortened}" > out.txt 2>&1
    code=$?
  fi
  if [[ ${code} -eq 0 ]]; then
    echo "ok    ${example}"
  else
    echo "FAIL  ${example}  (exit ${code})"
    sed 's/^/      /' out.txt | tail -20
    failed=$((failed + 1))
  fi
done
echo "${#examples[@]} examples, ${failed} failed"
((failed == 0))
