#!/usr/bin/env python3
"""The Kubernetes manifests of tools/batch/kubernetes, read as Kubernetes reads them and run as
far as a machine without a cluster can: the swarm Job is an Indexed Job whose retry rules follow
clustersim's exit codes (a found failure is never retried, bad input stops the job, a disrupted
pod is retried without counting); its container command, run here once per index with
$JOB_COMPLETION_INDEX set, covers the seed range exactly once; and the merge Job's command, run
here on those results, says so.

    kubernetes_manifest_test.py CLUSTERSIM_BINARY REPO_ROOT
"""
import os
import subprocess
import sys
import tempfile

import yaml

clustersim, repo = sys.argv[1], sys.argv[2]
manifests = os.path.join(repo, "tools", "batch", "kubernetes")
failures = []


def check(condition, what):
    if not condition:
        failures.append(what)


def load(name):
    with open(os.path.join(manifests, name)) as f:
        return yaml.safe_load(f)


def rules_by_exit_code(spec, container):
    """{exit code: action} of the Job's podFailurePolicy, for one container."""
    actions = {}
    for rule in spec.get("podFailurePolicy", {}).get("rules", []):
        codes = rule.get("onExitCodes")
        if codes:
            check(codes.get("containerName") == container, f"a rule names container {codes.get('containerName')}")
            check(codes.get("operator") == "In", "exit-code rules list the codes they match")
            for code in codes.get("values", []):
                actions[code] = rule["action"]
    return actions


def disruption_ignored(spec):
    return any(rule.get("action") == "Ignore" and {"type": "DisruptionTarget"} in rule.get("onPodConditions", [])
               for rule in spec.get("podFailurePolicy", {}).get("rules", []))


def option(command, name):
    return command[command.index(name) + 1]


swarm_job, merge_job, claim = load("swarm-job.yaml"), load("merge-job.yaml"), load("results-pvc.yaml")
spec = swarm_job["spec"]
pod = spec["template"]["spec"]
container = pod["containers"][0]
command = container["command"]

check(swarm_job["kind"] == "Job" and swarm_job["apiVersion"] == "batch/v1", "the swarm is a batch/v1 Job")
check(spec.get("completionMode") == "Indexed", "the swarm Job is Indexed (each pod gets JOB_COMPLETION_INDEX)")
check(pod.get("restartPolicy") == "Never", "podFailurePolicy needs restartPolicy Never")
check(int(spec.get("backoffLimitPerIndex", 0)) >= 1, "infrastructure failures of an index are retried")
actions = rules_by_exit_code(spec, container["name"])
check(actions.get(1) == "FailIndex" and actions.get(3) == "FailIndex", f"a found failure fails its index, no retry: {actions}")
check(actions.get(2) == "FailJob", f"bad input stops the job: {actions}")
check(130 not in actions and 137 not in actions, "a stopped or killed pod is retried")
check(disruption_ignored(spec), "a disrupted pod is retried without counting")
tasks = int(option(command, "--shard-from-env"))
check(tasks == spec["completions"], f"--shard-from-env {tasks} equals completions {spec['completions']}")
out = option(command, "--out")
check(any(m["mountPath"] == out and m["name"] == pod["volumes"][0]["name"] for m in container["volumeMounts"]),
      "the results folder is the shared volume")
check(pod["volumes"][0]["persistentVolumeClaim"]["claimName"] == claim["metadata"]["name"], "the swarm mounts the claim")
check("ReadWriteMany" in claim["spec"]["accessModes"], "pods on many nodes write the results at once")

merge_spec = merge_job["spec"]
merge_pod = merge_spec["template"]["spec"]
merge_container = merge_pod["containers"][0]
merge_command = merge_container["command"]
check(merge_command[1:3] == ["swarm", "merge"] and out in merge_command, "the merge Job merges the swarm's folder")
check(merge_pod["volumes"][0]["persistentVolumeClaim"]["claimName"] == claim["metadata"]["name"], "the merge mounts the claim")
merge_actions = rules_by_exit_code(merge_spec, merge_container["name"])
check(all(merge_actions.get(code) == "FailJob" for code in (1, 2, 3, 4)), f"a merge verdict is not retried: {merge_actions}")
check(disruption_ignored(merge_spec), "a disrupted merge pod is retried")

# Run both commands here: the binary and template from this build, fewer seeds, a folder of our own.
with tempfile.TemporaryDirectory() as scratch:
    results = os.path.join(scratch, "results")
    def local(words):
        words = [clustersim] + words[1:]
        words = [w.replace("/opt/clustersim", repo).replace(out, results) for w in words]
        return words
    swarm = local(command)
    swarm[swarm.index("--count") + 1] = str(2 * tasks)
    for index in range(tasks):
        env = dict(os.environ, JOB_COMPLETION_INDEX=str(index))
        run = subprocess.run(swarm, env=env, capture_output=True, text=True, timeout=120)
        check(run.returncode == 0, f"index {index}: exit {run.returncode}: {run.stderr}")
    merged = subprocess.run(local(merge_command), capture_output=True, text=True, timeout=120)
    check(merged.returncode == 0, f"merge: exit {merged.returncode}: {merged.stdout} {merged.stderr}")
    check(f"{tasks} tasks, {2 * tasks} of {2 * tasks} seeds" in merged.stdout, f"merge: {merged.stdout}")
    check("coverage: every seed exactly once" in merged.stdout, f"merge: {merged.stdout}")
    check(os.path.exists(os.path.join(results, "summary.json")), "the merge wrote summary.json beside the results")

for failure in failures:
    print("FAIL:", failure)
if failures:
    sys.exit(1)
print(f"PASS: the Indexed Job's {tasks} indexes cover the range once and merge; retries follow the exit codes")
