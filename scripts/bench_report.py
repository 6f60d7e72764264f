#!/usr/bin/env python3
"""Prints the benchmark tables of `make bench` from the JSON lines the runs wrote."""
import json
import os
import sys

d = sys.argv[1]


def load(name):
    p = os.path.join(d, name)
    if not os.path.exists(p):
        return []
    return [json.loads(l) for l in open(p) if l.strip()]


swift = {r["n"]: r for r in load("swift.jsonl")}
npy = {r["n"]: r for r in load("numpy.jsonl")}
sysnp = {r["n"]: r for r in load("numpy_system.jsonl")}
dgemm = load("dgemm.jsonl")


def table(ref, label):
    if not ref:
        return
    some = next(iter(ref.values()))
    print(f"\nLU factorisation (getrf) and solves (getrs), best of 5-25 runs, against {label}: numpy {some.get('numpy', '?')}, {some.get('blas', '?')}")
    print("ratio = ioimpact time / numpy time (target: factorisation ratio ≤ 1.10)")
    print(f"{'n':>6} {'factor s':>10} {'numpy s':>10} {'ratio':>6} {'GFLOP/s':>8} {'1-rhs s':>9} {'ratio':>6} {'100-rhs s':>10} {'ratio':>6} {'residual':>9}")
    for n in sorted(swift):
        s, p = swift[n], ref.get(n)
        r = lambda k: f"{s[k] / p[k]:6.2f}" if p else "     –"
        pf = f"{p['factor_s']:10.4f}" if p else "         –"
        print(f"{n:>6} {s['factor_s']:10.4f} {pf} {r('factor_s')} {s['factor_gflops']:8.1f} {s['solve1_s']:9.5f} {r('solve1_s')} "
              f"{s['solve100_s']:10.5f} {r('solve100_s')} {s['residual']:9.1e}")


table(sysnp, "the same OpenBLAS (Debian's numpy/scipy)")
table(npy, "numpy/scipy from PyPI (its own bundled OpenBLAS)")
if dgemm:
    g = dgemm[0]
    print(f"\ndgemm at n = {g['n']}: {g['gflops']:.1f} GFLOP/s (the ceiling)")
    if 4000 in swift:
        print(f"LU at n = 4000: {swift[4000]['factor_gflops']:.1f} GFLOP/s = {100 * swift[4000]['factor_gflops'] / g['gflops']:.0f}% of dgemm (target ≥ 85%)")


def verdict(ok):
    return "met" if ok else "NOT MET"


wc = load("pymrio.jsonl")
for g in (r for r in wc if r["bench"] == "generate"):
    print(f"\n(generated the {g['n']}-sector pymrio system in {g['seconds']:.1f} s, cached in {g['folder']})")
cmd = {(r["command"], r["n"]): r for r in wc if r["bench"] == "whole_command"}
setup = next((r for r in wc if r["bench"] == "setup"), {})
sizes = sorted({n for (c, n) in cmd if c == "ioimpact multipliers"})
if sizes:
    runs = setup.get("runs", 3)
    print("\n`ioimpact multipliers` against pymrio load_all + calc_all: what a user runs, timed as a whole process.")
    print(f"Timed, alternately ({runs} runs each, ioimpact first), from before fork to after exit, on the same folder:")
    io0, py0 = cmd.get(("ioimpact multipliers", sizes[0])), cmd.get(("pymrio load_all+calc_all", sizes[0]))
    print(f"  {io0['timed']}" if io0 and "timed" in io0 else "  ioimpact multipliers FOLDER --format csv > FILE")
    print(f"  {py0['timed']}" if py0 and "timed" in py0 else "  python3 -c 'import pymrio,sys; s=pymrio.load_all(sys.argv[1]); s.calc_all()' FOLDER")
    print("FOLDER: numpy arrays (dense random flows, 2 index levels, 3 final-demand columns per region, two extensions)")
    print("written by pymrio's own save_all (%.12g text); page cache warmed once, untimed; "
          + (f"removed from both environments: {', '.join(setup['removed_from_environment'])}" if setup.get("removed_from_environment")
             else "no thread or BLAS-kernel variable set") + f"; pymrio {setup.get('pymrio', '?')}, numpy {setup.get('numpy', '?')}.")
    base = next((r["peak_mib"] for r in wc if r["bench"] == "baseline"), 0.0)
    print(f"Wall time: the median of the {runs} runs (each run in brackets); peak = maximum resident set (GNU time); cpu = user + system seconds (median).")
    print(f"'ioimpact n²' = (peak − {base:.0f} MiB, the process's fixed cost on a 13-sector table) / 8n² bytes. 'load' = 1-minute load average before each run.")
    print("Targets (issues 12, 17): wall-time ratio ≤ 0.33 at n = 4000 and 9800; peak-memory ratio ≤ 0.5.")
    print(f"{'n':>6} {'ioimpact s':>10} {'pymrio s':>9} {'ratio':>6} {'target':>8} {'ioimpact MiB':>12} {'pymrio MiB':>10} {'ratio':>6} {'target':>8} {'ioimpact n²':>11} {'cpu s':>11}")
    for n in sizes:
        io, py = cmd.get(("ioimpact multipliers", n)), cmd.get(("pymrio load_all+calc_all", n))
        n2 = (io["peak_mib"] - base) * 2**20 / (8 * n * n)
        if py and "seconds" in py:
            rt, rm = io["seconds"] / py["seconds"], io["peak_mib"] / py["peak_mib"]
            tt = verdict(rt <= 1 / 3) if n >= 4000 else "–"
            print(f"{n:>6} {io['seconds']:10.2f} {py['seconds']:9.2f} {rt:6.2f} {tt:>8} {io['peak_mib']:12.0f} {py['peak_mib']:10.0f} {rm:6.2f} {verdict(rm <= 0.5):>8} {n2:11.2f} {io['cpu_s']:5.2f}/{py['cpu_s']:5.2f}")
            each = lambda r: " ".join(f"{t:.2f}" for t in r["each_s"])
            loads = " ".join(f"{a:.1f}/{b:.1f}" for a, b in zip(io["load_before"], py["load_before"]))
            print(f"{'':>6} ioimpact [{each(io)}], pymrio [{each(py)}]; load {loads}; CSV {io['output_bytes'] / 1e6:.1f} MB")
        else:
            why = py.get("skipped", "not run") if py else "not run"
            print(f"{n:>6} {io['seconds']:10.2f} {'–':>9} {'–':>6} {'–':>8} {io['peak_mib']:12.0f} {'–':>10} {'–':>6} {'–':>8} {n2:11.2f} {io['cpu_s']:5.2f}   pymrio skipped: {why}")
for st in load("multipliers.jsonl"):
    print(f"  inside one process at n = {st['n']} (`ioimpact-bench multipliers`, best of 3 per stage): load {st['load_s']:.2f} s, "
          f"A + LU {st['factor_s']:.2f} s, solves {st['solve_s']:.3f} s, CSV rendered {st['render_s']:.3f} s "
          "(the rest of a whole run: process start, first-touch page faults, writing, exit)")
inv_csv = next((r for r in wc if r.get("command") == "ioimpact inverse --format csv"), None)
inv_npy = next((r for r in wc if r.get("command") == "ioimpact inverse --format npy"), None)
py_inv = next((r for r in wc if r.get("command", "").startswith("pymrio inverse")), None)
stages = load("inverse.jsonl")
if inv_csv or stages:
    n = (inv_csv or stages[0])["n"]
    print(f"\n`ioimpact inverse` at n = {n} (whole command, best of 2; stages best of 3 from `ioimpact-bench inverse`)")
    st = stages[0] if stages else None
    if st:
        print(f"  stages: load {st['load_s']:.2f} s, A + LU {st['factor_s']:.2f} s, inverse (getri) {st['inverse_s']:.2f} s, "
              f"CSV written {st['csv_s']:.2f} s, .npy written {st['npy_s']:.2f} s")
    if inv_csv:
        print(f"  --format csv: {inv_csv['seconds']:.2f} s, {inv_csv['peak_mib']:.0f} MiB, {inv_csv['bytes'] / 1e6:.0f} MB "
              f"(target < 2 s: {verdict(inv_csv['seconds'] < 2)})")
    if inv_npy:
        line = f"  --format npy: {inv_npy['seconds']:.2f} s, {inv_npy['peak_mib']:.0f} MiB"
        if st:
            # Everything the npy command does but the factorisation, from the same (best-of-three) stage runs.
            beyond = st["load_s"] + st["inverse_s"] + st["npy_s"]
            line += (f"\n    beyond the LU: load {st['load_s']:.2f} s + getri {st['inverse_s']:.2f} s + .npy write {st['npy_s']:.2f} s = {beyond:.2f} s "
                     f"(target < 0.5 s: {verdict(beyond < 0.5)}); the .npy write alone {st['npy_s']:.2f} s ({verdict(st['npy_s'] < 0.5)})")
        print(line)
    if py_inv:
        ph = py_inv.get("phases", {})
        print(f"  pymrio + numpy/pandas, same system: load_all {ph.get('load', 0):.2f} s, calc_all (computes L) {ph.get('calc_all', 0):.2f} s, "
              f"np.save(L) {ph.get('np_save', 0):.2f} s, L.to_csv {ph.get('to_csv', 0):.2f} s; whole {py_inv['seconds']:.2f} s, {py_inv['peak_mib']:.0f} MiB")
        if inv_csv and ph:
            print(f"  ratios ioimpact/pymrio: csv {inv_csv['seconds'] / (ph['load'] + ph['calc_all'] + ph['to_csv']):.2f}"
                  + (f", npy {inv_npy['seconds'] / (ph['load'] + ph['calc_all'] + ph['np_save']):.2f}" if inv_npy else "")
                  + " (pymrio's side from its phases, without interpreter start-up)")
parse = load("parse.jsonl")
if parse:
    print("\nParsing (ioimpact-bench parse)")
    for r in parse:
        print("  " + ", ".join(f"{k} {v:.3g}" if isinstance(v, float) else f"{k} {v}" for k, v in r.items()))
mc = load("mc.jsonl")
for r in mc:
    print(f"\nMonte Carlo on {r['table']}: {r['draws']} draws in {r['seconds']:.2f} s = {r['draws_per_second']:.0f} draws/s ({r['method']})")
path = load("path.jsonl")
PATH_TARGETS = {"jp-2015-185": 0.05, "world-2011-wiod": 1.0}
if path:
    print("\nTime-stepped model: one path, compute only inside the process (best of 5). Targets for a 24-month weekly path")
    print("(104 or 105 periods): < 50 ms on jp-2015-185, < 1 s on world-2011-wiod")
    print(f"{'case':<26} {'table':<16} {'sectors':>7} {'periods':>7} {'ms':>8} {'capacity sweeps':>16} {'target':>10}")
    for r in path:
        target = PATH_TARGETS.get(r["table"]) if r["periods"] >= 100 else None
        t = f"{verdict(r['seconds'] < target)} (<{1000 * target:.0f})" if target else "–"
        print(f"{r['case']:<26} {r['table']:<16} {r['sectors']:7.0f} {r['periods']:7.0f} {1000 * r['seconds']:8.1f} {r['capacity_sweeps']:16.0f} {t:>10}")

frontier = load("frontier.jsonl")
if frontier:
    print("\nPolicy frontier: 20-point stockpile sweep on jp-re-1y-dir (target < 5 s on two cores), best of 3")
    for r in frontier:
        if r["bench"] == "frontier":
            print(f"  in the process: {r['with_resolve_s']:.3f} s with the case resolved, "
                  f"{r['sweep_s']:.3f} s on a resolved"
                  f" model ({r['cores']:.0f} cores; the same {r['points']:.0f} runs one after another "
                  f"{r['serial_s']:.3f} s) {verdict(r['with_resolve_s'] < 5)}")
        else:
            print(f"  the whole command (ioimpact frontier ... --range 0:380:20): {r['seconds']:.2f} s "
                  f"{verdict(r['seconds'] < 5)}")
