#!/usr/bin/env python3
"""Writes the incident's other forms (README.md) from incident.v1.4.jsonl, after
`clustersim run three_controller_incident.scenario.json --events incident.v1.4.jsonl`.

The mixed-namespace form keeps its other namespaces' lines where they are among the cluster
events, each stamped as the cluster event it was stamped as before (the one after it).
Run from this folder: python3 make_forms.py
"""
import json
import subprocess


def lines(path):
    with open(path, newline="") as f:
        return f.read().splitlines()


def v13(event):
    first = ["namespace", "eventType", "event_src_id", "timestamp"]
    ordered = {k: event[k] for k in first if k in event}
    ordered.update({k: v for k, v in event.items() if k not in ordered})
    return json.dumps(ordered, separators=(",", ":"))


def jq(args, text):
    return subprocess.run(["jq"] + args, input=text, capture_output=True, text=True, check=True).stdout


def main():
    source = lines("incident.v1.4.jsonl")
    events = [json.loads(line) for line in source]
    text = "\n".join(source) + "\n"
    with open("incident.v1.3.jsonl", "w") as f:
        f.write("".join(v13(e) + "\n" for e in events))
    with open("incident.sorted_keys.jsonl", "w") as f:
        f.write(jq(["-cS", "."], text))
    with open("incident.jq_pretty.json", "w") as f:
        f.write(jq(["-S", "."], text))
    for node in sorted({e["event_src_id"] for e in events}):
        with open("incident." + node + ".jsonl", "w") as f:
            f.write("".join(line + "\n" for line, e in zip(source, events) if e["event_src_id"] == node))
    mixed = lines("incident.mixed_namespaces.jsonl")
    out, cluster, pending = [], iter(source), []
    for line in mixed:
        if json.loads(line)["namespace"] != "cluster":
            pending.append(line)
            continue
        new = next(cluster)
        old_at, new_at = json.loads(line)["timestamp"], json.loads(new)["timestamp"]
        out += [p.replace(old_at, new_at) for p in pending] + [new]
        pending = []
    out += pending
    with open("incident.mixed_namespaces.jsonl", "w", newline="") as f:
        f.write("".join(line + "\r\n" for line in out))


main()
