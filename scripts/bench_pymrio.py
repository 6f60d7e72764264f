#!/usr/bin/env python3
"""Whole-command comparison for `make bench`: a 4,000-sector multi-regional system saved by pymrio,
then `ioimpact multipliers` against pymrio's own load_all + calc_all, each in its own process with
its wall time and peak memory (ru_maxrss from wait4).

Usage: bench_pymrio.py DIR IOIMPACT_BINARY [REGIONS SECTORS]
"""
import json
import os
import subprocess
import sys
import time

import numpy as np
import pandas as pd
import pymrio

d, binary = sys.argv[1], sys.argv[2]
regions = int(sys.argv[3]) if len(sys.argv) > 3 else 40
sectors = int(sys.argv[4]) if len(sys.argv) > 4 else 100
n = regions * sectors
system = os.path.join(d, f"mrio{n}")

if not os.path.exists(os.path.join(system, "file_parameters.json")):
    rng = np.random.default_rng(2026)
    idx = pd.MultiIndex.from_product([[f"r{r:02d}" for r in range(regions)], [f"s{s:03d}" for s in range(sectors)]],
                                     names=["region", "sector"])
    # Sparse like an MRIO: dense domestic blocks, about 10% of foreign entries non-zero.
    Z = rng.random((n, n)) * (rng.random((n, n)) < 0.1)
    for r in range(regions):
        blk = slice(r * sectors, (r + 1) * sectors)
        Z[blk, blk] = rng.random((sectors, sectors)) * 5
    x = Z.sum(axis=0) / rng.uniform(0.3, 0.7, n)
    fd = x - Z.sum(axis=1)
    Z *= np.minimum(1, 0.9 * x / Z.sum(axis=1))[:, None]  # keep final demand positive
    fd = x - Z.sum(axis=1)
    ycols = pd.MultiIndex.from_product([[f"r{r:02d}" for r in range(regions)], ["Final demand"]], names=["region", "category"])
    Y = np.zeros((n, regions))
    for r in range(regions):
        Y[:, r] = fd / regions
    va = x - Z.sum(axis=0)
    io = pymrio.IOSystem(Z=pd.DataFrame(Z, index=idx, columns=idx), Y=pd.DataFrame(Y, index=idx, columns=ycols),
                         x=pd.DataFrame(x, index=idx, columns=["indout"]))
    io.factor_inputs = pymrio.Extension(name="factor_inputs",
                                        F=pd.DataFrame([va], index=pd.Index(["Value Added"], name="inputtype"), columns=idx))
    io.save_all(system)

calc = ("import pymrio,sys; s=pymrio.load_all(sys.argv[1]); s.calc_all()")


def measure(cmd):
    start = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL)
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"{cmd} failed with status {status}")
    return wall, ru.ru_maxrss / 1024.0


results = {}
for name, cmd in [("ioimpact multipliers", [binary, "multipliers", system, "--format", "csv"]),
                  ("ioimpact inverse", [binary, "inverse", system, "--format", "csv"]),
                  ("pymrio load_all+calc_all", [sys.executable, "-c", calc, system])]:
    runs = [measure(cmd) for _ in range(2)]
    wall = min(r[0] for r in runs)
    mem = max(r[1] for r in runs)
    results[name] = (wall, mem)
    print(json.dumps({"bench": "whole_command", "command": name, "n": n, "seconds": wall, "peak_mib": mem}))
