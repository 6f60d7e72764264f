#!/usr/bin/env python3
"""Whole-command comparison for `make bench`: synthetic multi-regional systems saved in pymrio's text
format, then `ioimpact multipliers` against pymrio's own load_all + calc_all, and `ioimpact inverse`
(csv and npy) against pymrio + numpy/pandas writing the same inverse, each in its own process with its
wall time and peak memory (ru_maxrss from wait4). One JSON object per line on stdout.

Usage: bench_pymrio.py DIR IOIMPACT_BINARY [N ...]       (default N: 1000 4000 9800)

The systems are cached in $BENCH_CACHE (default .build/bench-systems): generating the 9,800-sector one
(49 regions x 200 sectors, EXIOBASE's size) takes a minute once. The pymrio side is skipped, with a
message, when its estimated peak memory exceeds what the machine has available.
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
sizes = [int(a) for a in sys.argv[3:]] or [1000, 4000, 9800]
cache = os.environ.get("BENCH_CACHE", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".build", "bench-systems"))
SHAPES = {1000: (10, 100), 4000: (40, 100), 9800: (49, 200)}
INVERSE_AT = 4000


def emit(**kw):
    print(json.dumps(kw), flush=True)


def generate(n, folder):
    """Z written directly (integer flows, tab-separated, pymrio's two header rows and index names row);
    Y, x and value added through pymrio's own save_all, so the folder is what pymrio writes."""
    regions, sectors = SHAPES.get(n, (n // 100, 100))
    assert regions * sectors == n
    rng = np.random.default_rng(2026)
    reg = [f"r{r:02d}" for r in range(regions)]
    sec = [f"s{s:03d}" for s in range(sectors)]
    idx = pd.MultiIndex.from_product([reg, sec], names=["region", "sector"])
    # Sparse like an MRIO: dense domestic blocks, about 10% of foreign entries non-zero; integer flows
    # (thousands), as published tables are rounded.
    z = np.zeros((n, n))
    for r in range(regions):
        rows = slice(r * sectors, (r + 1) * sectors)
        mask = rng.random((sectors, n), dtype=np.float32) < 0.1
        z[rows] = np.where(mask, rng.integers(1, 1000, (sectors, n)), 0)
        z[rows, rows] = rng.integers(1, 5000, (sectors, sectors))
    colsum = z.sum(axis=0)
    x = np.ceil(colsum / rng.uniform(0.3, 0.7, n))
    # Keep final demand positive: scale rows whose sales exceed 90% of output.
    scale = np.minimum(1, 0.9 * x / np.maximum(z.sum(axis=1), 1))
    z = np.floor(z * scale[:, None])
    fd = x - z.sum(axis=1)
    va = x - z.sum(axis=0)
    os.makedirs(folder, exist_ok=True)
    ycols = pd.MultiIndex.from_product([reg, ["Final demand"]], names=["region", "category"])
    y = np.repeat((fd / regions)[:, None], regions, axis=1)
    io = pymrio.IOSystem(Y=pd.DataFrame(y, index=idx, columns=ycols), x=pd.DataFrame(x, index=idx, columns=["indout"]))
    io.factor_inputs = pymrio.Extension(name="factor_inputs",
                                        F=pd.DataFrame([va], index=pd.Index(["Value Added"], name="inputtype"), columns=idx))
    io.save_all(folder)
    zi = z.astype(np.int64)
    with open(os.path.join(folder, "Z.txt.tmp"), "w") as f:
        f.write("region\t\t" + "\t".join(r for r in reg for _ in sec) + "\n")
        f.write("sector\t\t" + "\t".join(sec * regions) + "\n")
        f.write("region\tsector" + "\t" * n + "\n")
        for i in range(n):
            f.write(f"{reg[i // sectors]}\t{sec[i % sectors]}\t" + "\t".join(map(str, zi[i].tolist())) + "\n")
    os.rename(os.path.join(folder, "Z.txt.tmp"), os.path.join(folder, "Z.txt"))
    params_path = os.path.join(folder, "file_parameters.json")
    params = json.load(open(params_path))
    params["files"] = {"Z": {"name": "Z.txt", "nr_index_col": "2", "nr_header": "2"}, **params["files"]}
    json.dump(params, open(params_path, "w"), indent=4)


def system(n):
    folder = os.path.join(cache, f"mrio{n}")
    if not os.path.exists(os.path.join(folder, "file_parameters.json")) or not os.path.exists(os.path.join(folder, "Z.txt")):
        start = time.perf_counter()
        generate(n, folder)
        emit(bench="generate", n=n, seconds=time.perf_counter() - start, folder=folder)
    return folder


# ru_maxrss of a child forked from this process counts this process's own pages before exec (Linux keeps
# the high-water mark across exec), and this process holds numpy arrays: measure through GNU time, whose
# small process forks the command, where it is installed.
GNU_TIME = "/usr/bin/time" if os.path.exists("/usr/bin/time") else None


def measure(cmd, stdout=subprocess.DEVNULL):
    full = [GNU_TIME, "-f", "BENCH_MAXRSS_KB %M"] + cmd if GNU_TIME else cmd
    start = time.perf_counter()
    p = subprocess.Popen(full, stdout=stdout, stderr=subprocess.PIPE)
    err = p.stderr.read().decode(errors="replace")
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"{cmd} failed with status {status}: {err[-500:]}")
    peak = ru.ru_maxrss / 1024.0
    if GNU_TIME:
        lines = err.rstrip().splitlines()
        peak = int(lines[-1].split()[1]) / 1024.0
        err = "\n".join(lines[:-1])
    return wall, peak, err


def best(cmd, runs, to_file=None):
    results = []
    for _ in range(runs):
        if to_file:
            with open(to_file, "wb") as f:
                results.append(measure(cmd, stdout=f))
        else:
            results.append(measure(cmd))
    return min(r[0] for r in results), max(r[1] for r in results), results[-1][2]


def available_mib():
    for line in open("/proc/meminfo"):
        if line.startswith("MemAvailable:"):
            return int(line.split()[1]) / 1024.0
    return float("inf")


# pymrio at n = 4,000 peaked at 1,063 MiB (issue 12), about 8.7 n² doubles: estimate with 10 n² doubles
# plus its interpreter, and skip when that exceeds 80% of the memory available now.
def pymrio_estimate_mib(n):
    return 10 * n * n * 8 / 2**20 + 150


calc = "import pymrio,sys; s=pymrio.load_all(sys.argv[1]); s.calc_all()"
# pymrio's equivalent of `ioimpact inverse`: load, calc_all (which computes L), then write L.
phases = """
import sys, time, json, numpy as np, pymrio
t0 = time.perf_counter(); s = pymrio.load_all(sys.argv[1]); t1 = time.perf_counter()
s.calc_all(); t2 = time.perf_counter()
np.save(sys.argv[2] + '.npy', np.asfortranarray(s.L.values)); t3 = time.perf_counter()
s.L.to_csv(sys.argv[2] + '.csv'); t4 = time.perf_counter()
print(json.dumps({'load': t1 - t0, 'calc_all': t2 - t1, 'np_save': t3 - t2, 'to_csv': t4 - t3}), file=sys.stderr)
"""

# The process's fixed cost (runtime, libraries, a 13-sector table), subtracted in the n² figure.
wall, mem, _ = best([binary, "multipliers", "jp-2015-13", "--format", "csv"], 1)
emit(bench="baseline", command="ioimpact multipliers jp-2015-13", seconds=wall, peak_mib=mem)
for n in sizes:
    folder = system(n)
    runs = 2 if n <= 4000 else 1
    wall, mem, _ = best([binary, "multipliers", folder, "--format", "csv"], runs)
    emit(bench="whole_command", command="ioimpact multipliers", n=n, seconds=wall, peak_mib=mem, runs=runs)
    need, avail = pymrio_estimate_mib(n), available_mib()
    if need > 0.8 * avail:
        emit(bench="whole_command", command="pymrio load_all+calc_all", n=n,
             skipped=f"needs about {need / 1024:.1f} GiB, {avail / 1024:.1f} GiB available")
    else:
        wall, mem, _ = best([sys.executable, "-c", calc, folder], runs)
        emit(bench="whole_command", command="pymrio load_all+calc_all", n=n, seconds=wall, peak_mib=mem, runs=runs,
             estimated_mib=need)
    if n == INVERSE_AT:
        out = os.path.join(d, f"L{n}")
        wall, mem, _ = best([binary, "inverse", folder, "--format", "csv"], 2, to_file=out + ".csv")
        emit(bench="whole_command", command="ioimpact inverse --format csv", n=n, seconds=wall, peak_mib=mem, runs=2,
             bytes=os.path.getsize(out + ".csv"))
        wall, mem, _ = best([binary, "inverse", folder, "--format", "npy", "--output", out + ".npy"], 2)
        emit(bench="whole_command", command="ioimpact inverse --format npy", n=n, seconds=wall, peak_mib=mem, runs=2,
             bytes=os.path.getsize(out + ".npy"))
        check = np.load(out + ".npy")
        assert check.shape == (n, n)
        os.remove(out + ".csv"); os.remove(out + ".npy")
        if pymrio_estimate_mib(n) <= 0.8 * available_mib():
            wall, mem, err = best([sys.executable, "-c", phases, folder, out + "-pymrio"], 1)
            ph = json.loads(err.strip().splitlines()[-1])
            emit(bench="whole_command", command="pymrio inverse (load_all+calc_all+np.save+to_csv)", n=n, seconds=wall,
                 peak_mib=mem, runs=1, phases=ph)
            for ext in (".csv", ".npy"):
                if os.path.exists(out + "-pymrio" + ext):
                    os.remove(out + "-pymrio" + ext)
