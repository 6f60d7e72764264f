#!/usr/bin/env bash
# `make bench`: ioimpact against numpy/scipy and pymrio, in the same run, on the same inputs.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${BENCH_DIR:-$(mktemp -d /tmp/ioimpact-bench.XXXXXX)}
sizes=${BENCH_SIZES:-"500 1000 2000 4000"}
python3 -c "import numpy, scipy, pymrio" 2>/dev/null || python3 -m pip install --quiet numpy scipy pymrio \
  || { echo "bench: numpy/scipy/pymrio unavailable and pip failed: the comparisons are skipped"; }
echo "# $(.build/release/ioimpact --version | tail -1)"
echo "# numpy $(python3 -c 'import numpy; print(numpy.__version__)' 2>/dev/null), scipy $(python3 -c 'import scipy; print(scipy.__version__)' 2>/dev/null); matrices in $out"
.build/release/ioimpact-bench lu "$out" $sizes > "$out/swift.jsonl"
python3 scripts/bench_numpy.py "$out" $sizes > "$out/numpy.jsonl" || true
# The same OpenBLAS as ioimpact: Debian's numpy/scipy link the system BLAS/LAPACK (the floor to beat).
if ! /usr/bin/python3 -c "import scipy" 2>/dev/null && [ "$(id -u)" = "0" ]; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-numpy python3-scipy >/dev/null 2>&1 || true
fi
if /usr/bin/python3 -c "import scipy" 2>/dev/null; then
  /usr/bin/python3 scripts/bench_numpy.py "$out" $sizes > "$out/numpy_system.jsonl" || true
else
  echo "bench: Debian's python3-scipy is not installed (needs root): the same-library comparison is skipped"
fi
.build/release/ioimpact-bench dgemm 4000 > "$out/dgemm.jsonl"
# Synthetic pymrio systems as a user writes them (numpy arrays, pymrio save_all; n = 1000, 4000, 9800 =
# EXIOBASE's size), generated once and cached; each side timed as a whole process, alternately.
export BENCH_CACHE=${BENCH_CACHE:-$PWD/.build/bench-systems}
python3 scripts/bench_pymrio.py "$out" .build/release/ioimpact ${BENCH_PYMRIO_SIZES:-1000 4000 9800} > "$out/pymrio.jsonl" || true
if [ -f "$BENCH_CACHE/pymrio4000/Z.txt" ]; then
  .build/release/ioimpact-bench multipliers "$BENCH_CACHE/pymrio4000" > "$out/multipliers.jsonl" || true
  .build/release/ioimpact-bench inverse "$BENCH_CACHE/pymrio4000" "$out" > "$out/inverse.jsonl" || true
fi
.build/release/ioimpact-bench montecarlo >> "$out/mc.jsonl" 2>/dev/null || true
.build/release/ioimpact-bench path > "$out/path.jsonl"
.build/release/ioimpact-bench frontier > "$out/frontier.jsonl"
# The same frontier as a user runs it: the whole process, table loading included.
t0=$(date +%s.%N)
.build/release/ioimpact frontier jp-re-1y-dir --lever stockpile --range 0:380:20 --no-report > /dev/null
t1=$(date +%s.%N)
python3 -c 'import json,sys; print(json.dumps({"bench": "frontier_command", "seconds": float(sys.argv[2]) - float(sys.argv[1])}))' \
  "$t0" "$t1" >> "$out/frontier.jsonl"
.build/release/ioimpact-bench parse "$out" 1000 4000 > "$out/parse.jsonl" && python3 -c 'import json,sys; [print("parse: %(format)s n = %(n)d: %(bytes).0f bytes in %(seconds).3f s, %(mb_per_s).0f MB/s" % json.loads(l)) for l in open(sys.argv[1])]' "$out/parse.jsonl"
python3 scripts/bench_report.py "$out"
# The workbench (ioimpact serve): a scenario edit re-run on the 185-sector table through the HTTP API.
python3 scripts/bench_workbench.py .build/release/ioimpact "$out/workbench.jsonl" \
  || echo "bench: the workbench bench failed"
rm -f "$out"/m*.f64
