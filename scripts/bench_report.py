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
wc = load("pymrio.jsonl")
if wc:
    print(f"\nWhole command on a {wc[0]['n']}-sector multi-regional system saved by pymrio (best of 2 runs)")
    print(f"{'command':<28} {'seconds':>8} {'peak MiB':>9}")
    for r in wc:
        print(f"{r['command']:<28} {r['seconds']:8.2f} {r['peak_mib']:9.0f}")
mc = load("mc.jsonl")
for r in mc:
    print(f"\nMonte Carlo on {r['table']}: {r['draws']} draws in {r['seconds']:.2f} s = {r['draws_per_second']:.0f} draws/s ({r['method']})")
path = load("path.jsonl")
if path:
    print("\nTime-stepped model: one path, compute only inside the process (best of 5; target < 100 ms for a 24-month weekly path on 185 sectors)")
    print(f"{'case':<22} {'table':<12} {'sectors':>7} {'periods':>7} {'ms':>8} {'rationing passes':>16}")
    for r in path:
        print(f"{r['case']:<22} {r['table']:<12} {r['sectors']:7.0f} {r['periods']:7.0f} {1000 * r['seconds']:8.1f} {r['rationing_iterations']:16.0f}")
