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
echo "Read Reports/README.md and Reports/calibration.md first; each case has its own report beside them."
