#!/usr/bin/env bash
# The layering of sim/ (and model/'s independence) as a test: every #include "sim/LAYER/..." in
# a layer's files must name that layer or one below it, as sim/CMakeLists.txt links them:
#   core -> net -> cluster -> scenario -> simulation -> oracle -> swarm, experiment, timeline -> cli
# model/ includes nothing of sim/, and only model/asio includes Boost.
# Usage: layering.sh SOURCE_DIR. Prints every violation as file:line and exits 1 if any.
set -euo pipefail
cd "$1"

declare -A allowed=(
  [core]="core"
  [net]="core net"
  [cluster]="core net cluster"
  [scenario]="core net cluster scenario"
  [simulation]="core net cluster scenario simulation"
  [oracle]="core net cluster scenario simulation oracle"
  [svg]="svg"
  [logcheck]="core logcheck"
  [swarm]="core net cluster scenario simulation oracle swarm"
  [experiment]="core net cluster scenario simulation oracle experiment svg logcheck"
  [timeline]="core net cluster scenario simulation oracle timeline svg logcheck"
  [cli]="core net cluster scenario simulation oracle swarm experiment timeline svg logcheck cli"
)

violations=0
for layer_dir in sim/*/; do
  layer=$(basename "${layer_dir}")
  if [[ -z "${allowed[${layer}]+x}" ]]; then
    echo "sim/${layer}: a folder with no place in the layering (add it to tests/layering.sh and sim/CMakeLists.txt)"
    violations=$((violations + 1))
    continue
  fi
  while IFS=: read -r file line include; do
    used=$(sed -E 's|.*#include "sim/([a-z_]+)/.*|\1|' <<<"${include}")
    if [[ " ${allowed[${layer}]} " != *" ${used} "* ]]; then
      echo "${file}:${line}: sim/${layer} includes sim/${used}, which is not below it"
      violations=$((violations + 1))
    fi
  done < <(grep -rn '#include "sim/' "${layer_dir}" || true)
done

while IFS= read -r hit; do
  echo "${hit}: model/ includes sim/"
  violations=$((violations + 1))
done < <(grep -rn '#include "sim/' model || true)
while IFS= read -r hit; do
  echo "${hit}: only model/asio may include Boost"
  violations=$((violations + 1))
done < <(grep -rn '#include <boost/' model --exclude-dir=asio || true)

if ((violations > 0)); then
  echo "${violations} layering violation(s)" >&2
  exit 1
fi
echo "layering holds: every include points down"
