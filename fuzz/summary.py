#!/usr/bin/env python3
"""Per-target figures from fuzz/logs/ (written by fuzz/run-all.sh) as a Markdown table.

Runs, wall and CPU seconds and executions are summed over all runs of a target (CPU
only of runs that timed the fuzzer alone);
coverage (`cov:`, `ft:`) is libFuzzer's last status line of the target's latest run
(each run reloads the grown corpus, so that line covers all runs); corpus is the
file count of fuzz/corpus/<target>/ now.
"""
import glob
import os
import re
import sys

here = os.path.dirname(os.path.abspath(__file__))
logs = os.path.join(here, "logs")
rows = {}
for tf in sorted(glob.glob(os.path.join(logs, "*.time"))):
    name, rnd = os.path.basename(tf)[: -len(".time")].rsplit(".", 1)
    r = rows.setdefault(name, {"runs": 0, "wall": 0.0, "cpu": 0.0, "execs": 0,
                               "last": (0, None), "events": []})
    t = dict(kv.split("=") for kv in open(tf).read().split() if "=" in kv)
    r["runs"] += 1
    r["wall"] += float(t.get("wall", 0))
    drv = tf[: -len(".time")] + ".driver"
    rebuilt = os.path.exists(drv) and "Compiling xmpedit v" in open(drv, errors="replace").read()
    if rebuilt:  # `cargo fuzz run` rebuilt the library inside the timed run
        r["events"].append(f"round {rnd}: CPU not counted (timed with a library rebuild)")
    elif t.get("interrupted"):
        r["events"].append(f"round {rnd}: interrupted from outside, CPU not measured")
    else:
        r["cpu"] += float(t.get("cpu_user", 0)) + float(t.get("cpu_sys", 0))
    log = tf[: -len(".time")] + ".log"
    if not os.path.exists(log):
        log = tf[: -len(".time")] + ".driver"
    text = open(log, errors="replace").read() if os.path.exists(log) else ""
    m = re.findall(r"stat::number_of_executed_units:\s*(\d+)", text)
    if m:
        r["execs"] += int(m[-1])
    else:  # killed or crashed before the final stats: the last status line's count
        s = re.findall(r"^#(\d+)\s", text, re.M)
        r["execs"] += int(s[-1]) if s else 0
    status = re.findall(r"^#\d+\s+\S+\s+cov: (\d+) ft: (\d+) corp: (\S+)", text, re.M)
    if status and int(rnd) >= r["last"][0]:
        r["last"] = (int(rnd), status[-1])
    for kind in re.findall(r"ERROR: libFuzzer: ([a-z-]+(?: [a-z-]+)?)", text):
        if kind != "deadly signal":  # a panic; named by its location below
            r["events"].append(f"{kind} (round {rnd})")
    for loc in re.findall(r"panicked at ([^\n]+?):?$", text, re.M):
        r["events"].append(f"panic at {loc} (round {rnd})")
    if not t:
        r["events"].append(f"round {rnd} running")

out = sys.stdout
out.write("| target | runs | wall s | CPU s | executions | cov | ft | corpus files | events |\n")
out.write("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n")
tot = [0, 0.0, 0.0, 0]
for name, r in rows.items():
    cov, ft = (r["last"][1][0], r["last"][1][1]) if r["last"][1] else ("-", "-")
    cdir = os.path.join(here, "corpus", name)
    n = len([f for f in os.listdir(cdir) if not f.startswith(".")]) if os.path.isdir(cdir) else 0
    ev = "; ".join(sorted(set(r["events"]))) or "none"
    out.write(f"| {name} | {r['runs']} | {r['wall']:.0f} | {r['cpu']:.0f} | {r['execs']:,} | {cov} | {ft} | {n} | {ev} |\n")
    tot[0] += r["runs"]; tot[1] += r["wall"]; tot[2] += r["cpu"]; tot[3] += r["execs"]
out.write(f"| **total** | {tot[0]} | {tot[1]:.0f} | {tot[2]:.0f} | {tot[3]:,} | | | | |\n")
