#!/usr/bin/env python3
"""Whole-command comparison for `make bench`: what a user runs, timed as a user times it.

The systems are written the way a user writes one: numpy arrays into a pymrio IOSystem (Z, Y, x and two
extensions), saved with pymrio's own save_all (tab-separated text, two index levels, %.12g numbers). Then,
alternately and RUNS times each (default 3, $BENCH_RUNS), two whole processes on the same folder:
    ioimpact multipliers FOLDER --format csv > FILE      (the CSV written to a file, as a user keeps it)
    python3 -c 'import pymrio,sys; s=pymrio.load_all(sys.argv[1]); s.calc_all()' FOLDER
each from before fork to after exit: wall time, peak resident set and CPU time through GNU time. The
page cache is warmed once (untimed) by reading the folder; variables that set thread counts or BLAS
kernels (OPENBLAS_NUM_THREADS, OMP_NUM_THREADS, IOIMPACT_THREADS, OPENBLAS_CORETYPE, ...) are removed
from both children's environment, so both run with their defaults. Also `ioimpact inverse` (csv and
npy) against pymrio + numpy/pandas writing the same inverse. One JSON object per line on stdout.

Usage: bench_pymrio.py DIR IOIMPACT_BINARY [N ...]       (default N: 1000 4000 9800)

The systems are cached in $BENCH_CACHE (default .build/bench-systems): writing the 9,800-sector one
(49 regions x 200 sectors, EXIOBASE's size; 1.3 GB of text) takes a few minutes once. The pymrio side
is skipped, with a message, when its estimated peak memory exceeds what the machine has available.
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
RUNS = int(os.environ.get("BENCH_RUNS", "3"))
# Variables that change how many threads either side uses or which BLAS kernels it picks: the bench runs
# both commands as a user does by default, so they are removed from the children's environment.
THREAD_VARS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "IOIMPACT_THREADS", "OPENBLAS_CORETYPE",
               "IOIMPACT_LU", "IOIMPACT_LU_NB", "IOIMPACT_LU_CHUNK")
ENV = {k: v for k, v in os.environ.items() if k not in THREAD_VARS}


def emit(**kw):
    print(json.dumps(kw), flush=True)


def generate(n, folder):
    """The system the way a user writes one: numpy arrays (dense random flows, as the issue's outside
    measurement) put into a pymrio IOSystem with Z, Y, x and two extensions (factor inputs with a "Value
    Added" row; emissions and employment), written by pymrio's own save_all: tab-separated text, two index
    levels (region, sector), numbers as pymrio formats them (%.12g), a folder per extension."""
    regions, sectors = SHAPES.get(n, (n // 100, 100))
    assert regions * sectors == n
    rng = np.random.default_rng(2026)
    reg = [f"reg{r}" for r in range(regions)]
    sec = [f"sector{s}" for s in range(sectors)]
    idx = pd.MultiIndex.from_product([reg, sec], names=["region", "sector"])
    z = rng.random((n, n)) * 100
    cats = ["Final consumption expenditure by households", "Government", "Gross fixed capital formation"]
    ycols = pd.MultiIndex.from_product([reg, cats], names=["region", "category"])
    y = rng.random((n, len(ycols))) * 20000
    x = z.sum(axis=1) + y.sum(axis=1)
    va = x - z.sum(axis=0)
    io = pymrio.IOSystem(Z=pd.DataFrame(z, index=idx, columns=idx), Y=pd.DataFrame(y, index=idx, columns=ycols),
                         x=pd.DataFrame(x, index=idx, columns=["indout"]))
    del z
    io.factor_inputs = pymrio.Extension(name="Factor Inputs", F=pd.DataFrame(
        [va], index=pd.Index(["Value Added"], name="inputtype"), columns=idx))
    io.emissions = pymrio.Extension(name="Emissions", F=pd.DataFrame(
        rng.random((2, n)) * 1000, index=pd.Index(["CO2", "Employment"], name="stressor"), columns=idx))
    tmp = os.path.join(os.path.dirname(folder), "partial-" + os.path.basename(folder))
    io.save_all(tmp)
    os.rename(tmp, folder)


def system(n):
    folder = os.path.join(cache, f"pymrio{n}")
    if not os.path.exists(os.path.join(folder, "file_parameters.json")):
        start = time.perf_counter()
        generate(n, folder)
        emit(bench="generate", n=n, seconds=time.perf_counter() - start, folder=folder)
    return folder


# ru_maxrss of a child forked from this process counts this process's own pages before exec (Linux keeps
# the high-water mark across exec), and this process holds numpy arrays: measure through GNU time, whose
# small process forks the command, where it is installed.
GNU_TIME = "/usr/bin/time" if os.path.exists("/usr/bin/time") else None


def measure(cmd, stdout=subprocess.DEVNULL):
    """One whole process, from before fork to after its exit: wall time, peak resident set (GNU time's %M),
    CPU time (user + system) and the 1-minute load average just before it started (another process on the
    machine's cores shows there)."""
    full = [GNU_TIME, "-f", "BENCH_TIME %M %U %S"] + cmd if GNU_TIME else cmd
    load = os.getloadavg()[0]
    start = time.perf_counter()
    p = subprocess.Popen(full, stdout=stdout, stderr=subprocess.PIPE, env=ENV)
    err = p.stderr.read().decode(errors="replace")
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"{cmd} failed with status {status}: {err[-500:]}")
    peak, cpu = ru.ru_maxrss / 1024.0, ru.ru_utime + ru.ru_stime
    if GNU_TIME:
        lines = err.rstrip().splitlines()
        f = lines[-1].split()
        peak, cpu = int(f[1]) / 1024.0, float(f[2]) + float(f[3])
        err = "\n".join(lines[:-1])
    return {"seconds": wall, "peak_mib": peak, "cpu_s": cpu, "load_before": load, "stderr": err}


def run_to_file(cmd, path):
    """The command with its standard output written to `path`, as `cmd > path` in a shell."""
    with open(path, "wb") as f:
        return measure(cmd, stdout=f)


def best(cmd, runs, to_file=None):
    results = [run_to_file(cmd, to_file) if to_file else measure(cmd) for _ in range(runs)]
    return min(r["seconds"] for r in results), max(r["peak_mib"] for r in results), results[-1]["stderr"]


def summary(results):
    """Median wall time (the middle of three runs), the largest peak, the median CPU time, every run."""
    walls = sorted(r["seconds"] for r in results)
    return dict(seconds=walls[len(walls) // 2], mean_s=sum(walls) / len(walls), peak_mib=max(r["peak_mib"] for r in results),
                cpu_s=sorted(r["cpu_s"] for r in results)[len(results) // 2], runs=len(results),
                each_s=[r["seconds"] for r in results], load_before=[r["load_before"] for r in results])


def warm(folder):
    """Reads every file of the folder once (untimed), so that neither side's first run reads from disk."""
    for root, _, files in os.walk(folder):
        for name in files:
            with open(os.path.join(root, name), "rb") as f:
                while f.read(1 << 24):
                    pass


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
wall, mem, _ = best([binary, "multipliers", "jp-2015-13", "--format", "csv"], 1, to_file=os.path.join(d, "multipliers-13.csv"))
emit(bench="baseline", command="ioimpact multipliers jp-2015-13", seconds=wall, peak_mib=mem)
stripped = sorted(k for k in THREAD_VARS if k in os.environ)
emit(bench="setup", runs=RUNS, python=sys.executable, pymrio=pymrio.__version__, numpy=np.__version__, pandas=pd.__version__,
     removed_from_environment=stripped, cores=os.cpu_count())
for n in sizes:
    folder = system(n)
    warm(folder)
    out_csv = os.path.join(d, f"multipliers{n}.csv")
    io_cmd = [binary, "multipliers", folder, "--format", "csv"]
    py_cmd = [sys.executable, "-c", calc, folder]
    need, avail = pymrio_estimate_mib(n), available_mib()
    skip = need > 0.8 * avail
    # What a user runs, alternately (ioimpact, pymrio, ioimpact, ...), so that whatever else the machine
    # does falls on both sides alike.
    io_runs, py_runs = [], []
    for _ in range(RUNS):
        io_runs.append(run_to_file(io_cmd, out_csv))
        if not skip:
            py_runs.append(measure(py_cmd))
    emit(bench="whole_command", command="ioimpact multipliers", n=n, folder=folder,
         timed=f"{' '.join(io_cmd)} > {out_csv}", output_bytes=os.path.getsize(out_csv), **summary(io_runs))
    os.remove(out_csv)
    if skip:
        emit(bench="whole_command", command="pymrio load_all+calc_all", n=n,
             skipped=f"needs about {need / 1024:.1f} GiB, {avail / 1024:.1f} GiB available")
    else:
        emit(bench="whole_command", command="pymrio load_all+calc_all", n=n, timed=f"{sys.executable} -c '{calc}' {folder}",
             estimated_mib=need, **summary(py_runs))
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
