#!/usr/bin/env python3
"""numpy/scipy side of `make bench`: lu_factor/lu_solve on the matrices ioimpact-bench wrote."""
import json
import sys
import time

import numpy as np
import scipy.linalg as sl


def best(repeats, f):
    t = float("inf")
    for _ in range(repeats):
        s = time.perf_counter()
        f()
        t = min(t, time.perf_counter() - s)
    return t


d = sys.argv[1]
try:
    cfg = np.show_config(mode="dicts")["Build Dependencies"]["blas"]
    blas = f"{cfg.get('name', '?')} {cfg.get('version', '')}".strip()
except Exception:  # older numpy: no dict mode; Debian's links the system BLAS chosen by update-alternatives
    blas = "system BLAS/LAPACK (update-alternatives)"
for n in map(int, sys.argv[2:]):
    m = np.fromfile(f"{d}/m{n}.f64", dtype="<f8").reshape((n, n), order="F")
    reps = 25 if n <= 1000 else 5
    lu = sl.lu_factor(m)
    tf = best(reps, lambda: sl.lu_factor(m))
    rng = np.random.default_rng(42)
    b1 = rng.random(n)
    b100 = np.asfortranarray(rng.random((n, 100)))
    t1 = best(reps, lambda: sl.lu_solve(lu, b1))
    t100 = best(reps, lambda: sl.lu_solve(lu, b100))
    print(json.dumps({"bench": "lu_numpy", "numpy": np.__version__, "blas": blas, "n": n, "factor_s": tf, "solve1_s": t1, "solve100_s": t100,
                      "factor_gflops": 2 / 3 * n ** 3 / tf / 1e9}))
