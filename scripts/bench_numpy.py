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
for n in map(int, sys.argv[2:]):
    m = np.fromfile(f"{d}/m{n}.f64", dtype="<f8").reshape((n, n), order="F")
    reps = 7 if n <= 1000 else 3
    lu = sl.lu_factor(m)
    tf = best(reps, lambda: sl.lu_factor(m))
    rng = np.random.default_rng(42)
    b1 = rng.random(n)
    b100 = np.asfortranarray(rng.random((n, 100)))
    t1 = best(reps, lambda: sl.lu_solve(lu, b1))
    t100 = best(reps, lambda: sl.lu_solve(lu, b100))
    print(json.dumps({"bench": "lu_numpy", "n": n, "factor_s": tf, "solve1_s": t1, "solve100_s": t100,
                      "factor_gflops": 2 / 3 * n ** 3 / tf / 1e9}))
