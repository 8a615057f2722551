#!/usr/bin/env bash
# A swarm on a real Slurm cluster: starts a single-node cluster on this machine (munged,
# slurmctld and slurmd on 127.0.0.1, configuration, state and keys in a temporary folder),
# submits a 4-task array with tools/batch/slurm/submit.sh, waits for the merge step, and checks
# that every seed ran exactly once, that each task took its shard from $SLURM_ARRAY_TASK_ID,
# and that the merged summary is the summary of the same swarm run locally in one task.
# Everything it starts is stopped on exit; every wait is bounded.
#
#   slurm_test.sh CLUSTERSIM_BINARY REPO_ROOT
set -euo pipefail

clustersim="$1" repo="$2"
template="${repo}/tests/testdata/swarm/lossy.json"
count=200 tasks=4

fail() {
  echo "FAIL: $*" >&2
  exit 1
}
for program in munged slurmctld slurmd sbatch scontrol sinfo; do
  command -v "${program}" >/dev/null || fail "${program} not found: install slurm-wlm and munge (tools/test.sh does)"
done
[[ $(id -u) -eq 0 ]] || fail "slurmd runs jobs as their users and must start as root"

work="$(mktemp -d /tmp/clustersim-slurm.XXXXXX)"
chmod 755 "${work}"
cleanup() {
  set +e
  [[ -f "${work}/slurm.conf" ]] && SLURM_CONF="${work}/slurm.conf" scontrol shutdown >/dev/null 2>&1
  for pidfile in slurmd.pid slurmctld.pid munge/munged.pid; do
    if [[ -f "${work}/${pidfile}" ]]; then
      pid=$(cat "${work}/${pidfile}")
      for _ in $(seq 50); do kill -0 "${pid}" 2>/dev/null || break; sleep 0.1; done
      kill -9 "${pid}" 2>/dev/null
    fi
  done
  [[ -n "${KEEP_SLURM_TEST:-}" ]] || rm -rf "${work}"
}
trap cleanup EXIT

# Waits up to $1 seconds for the command after it to succeed.
wait_for() {
  local seconds="$1"
  shift
  local deadline=$((SECONDS + seconds))
  until "$@"; do
    ((SECONDS < deadline)) || return 1
    sleep 0.5
  done
}

# Two free ports on 127.0.0.1 for slurmctld and slurmd (a port nothing answers on).
free_port() {
  local port
  for port in $(seq "$1" "$(($1 + 200))"); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/${port}") 2>/dev/null; then
      echo "${port}"
      return
    fi
  done
  fail "no free port from $1"
}
base=$((20000 + $$ % 20000))
ctld_port=$(free_port "${base}")
slurmd_port=$(free_port $((ctld_port + 1)))

# munge: a key of our own and a socket in the temporary folder, so nothing on the machine is touched.
mkdir -m 700 "${work}/munge"
dd if=/dev/urandom of="${work}/munge/munge.key" bs=1024 count=1 status=none
chmod 600 "${work}/munge/munge.key"
munged --force --key-file="${work}/munge/munge.key" --socket="${work}/munge/socket" \
  --pid-file="${work}/munge/munged.pid" --log-file="${work}/munge/munged.log" --seed-file="${work}/munge/seed"

host="$(hostname -s)"
mkdir -p "${work}/state" "${work}/spool" "${work}/log" "${work}/out"
cat >"${work}/slurm.conf" <<CONF
ClusterName=clustersimtest
SlurmctldHost=${host}(127.0.0.1)
SlurmctldPort=${ctld_port}
SlurmdPort=${slurmd_port}
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=${work}/munge/socket
CredType=cred/munge
StateSaveLocation=${work}/state
SlurmdSpoolDir=${work}/spool
SlurmctldPidFile=${work}/slurmctld.pid
SlurmdPidFile=${work}/slurmd.pid
SlurmctldLogFile=${work}/log/slurmctld.log
SlurmdLogFile=${work}/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
MpiDefault=none
ReturnToService=2
SwitchType=switch/none
NodeName=${host} NodeAddr=127.0.0.1 CPUs=$(nproc) RealMemory=1000 State=UNKNOWN
PartitionName=test Nodes=${host} Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="${work}/slurm.conf"
slurmctld -i
slurmd
node_idle() { sinfo -h -N -o '%T' 2>/dev/null | grep -q '^idle'; }
wait_for 60 node_idle || { cat "${work}"/log/*.log >&2; fail "the Slurm node did not come up within 60 s"; }
echo "slurm up: ${host}, slurmctld :${ctld_port}, slurmd :${slurmd_port}"

# The swarm as a user submits it.
CLUSTERSIM="${clustersim}" "${repo}/tools/batch/slurm/submit.sh" "${template}" "${count}" "${tasks}" "${work}/out" \
  | tee "${work}/submitted"
merge_job=$(sed -n 's/.*merge job \([0-9]*\).*/\1/p' "${work}/submitted")
[[ -n "${merge_job}" ]] || fail "submit.sh did not say which job merges"
merge_done() { scontrol show job "${merge_job}" 2>/dev/null | grep -qE 'JobState=(COMPLETED|FAILED|CANCELLED|TIMEOUT)'; }
wait_for 240 merge_done || { squeue >&2; cat "${work}"/out/slurm-*.out >&2; fail "the merge job did not end within 240 s"; }
cat "${work}/out/summary.txt"

# Each task ran its shard, told by Slurm.
for ((i = 0; i < tasks; i++)); do
  grep -l "\"shard\":${i},\"shards\":${tasks}," "${work}"/out/results-*.jsonl >/dev/null ||
    fail "no results file of shard ${i}/${tasks}: $(cat "${work}"/out/slurm-*.out)"
done
(($(ls "${work}"/out/results-*.jsonl | wc -l) == tasks)) || fail "expected ${tasks} results files"
grep -q "${tasks} tasks, ${count} of ${count} seeds (1..${count})" "${work}/out/summary.txt" || fail "not every seed ran"
grep -q "coverage: every seed exactly once" "${work}/out/summary.txt" || fail "the range was not covered exactly once"

# The same swarm in one local task, merged: the same summary but for the folder and the task count.
"${clustersim}" swarm "${template}" --count "${count}" --jobs 2 --out "${work}/local" >/dev/null 2>&1 || true
"${clustersim}" swarm merge "${work}/local" >"${work}/local.txt" 2>/dev/null || true
normalise() { sed -e "s#$2#OUT#g" -e 's/^swarm merge \([^:]*\): [0-9]* tasks\{0,1\}, /swarm merge \1: /' "$1"; }
if ! diff <(normalise "${work}/local.txt" "${work}/local") <(normalise "${work}/out/summary.txt" "${work}/out"); then
  fail "the merged Slurm swarm differs from the same swarm run locally"
fi
grep -q "failure signatures" "${work}/out/summary.txt" || fail "the template's failures were not found"
grep -q "replay: fails the same way" "${work}/out/summary.txt" || fail "no reproducer was confirmed"
echo "PASS: ${count} seeds over ${tasks} Slurm tasks, merged, equal to one local run"
