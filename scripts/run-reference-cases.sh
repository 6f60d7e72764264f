#!/usr/bin/env bash
# `make run`: estimate the shared parameter set from the 2025 episode, run every reference case with it, regenerate Reports/
# and print the summary.
set -euo pipefail
bin=${1:-.build/release/ioimpact}
cd "$(dirname "$0")/.."
"$bin" --version
echo
echo "== Calibration to the 2025 episode (writes Tables/calibration/profiles/shared.toml and Reports/calibration*.{md,svg})"
"$bin" calibrate Tables/calibration/shared.toml
echo
echo "== Reference cases with the shared parameters (writes Reports/<case>.md, charts and Reports/README.md)"
"$bin" reports
echo
echo "== Policy frontiers (writes Reports/frontier-<case>-<lever>.md and .svg, linked from Reports/README.md)"
# The same commands as FrontierReport.referenceFrontiers; the answer line of each is printed.
answer=$(mktemp)
"$bin" frontier jp-re-1y-dir --lever stockpile --range 0:360:20 > "$answer"
head -n 1 "$answer"
"$bin" frontier world-re-1y-partnership --lever stockpile --range 0:360:30 > "$answer"
head -n 1 "$answer"
rm -f "$answer"
echo
echo "Read Reports/README.md and Reports/calibration.md first; each case has its own report beside them."
