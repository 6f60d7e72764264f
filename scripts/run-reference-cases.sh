#!/usr/bin/env bash
# `make run`: calibrate the profiles, run every reference case, regenerate Reports/ and print the summary.
set -euo pipefail
bin=${1:-.build/release/ioimpact}
cd "$(dirname "$0")/.."
"$bin" --version
echo
echo "== Calibration (writes Tables/calibration/profiles/*.toml and Reports/calibration.md)"
"$bin" calibrate Tables/calibration/dir.toml Tables/calibration/nri.toml --format json \
  | python3 -c 'import json,sys; d=json.load(sys.stdin)
for p in d["profiles"]:
    print("profile %-4s " % p["profile"] + ", ".join("%s = %.5g" % kv for kv in p["parameters"].items())
          + "; fit: " + ", ".join("%s %.3g vs %.3g%s" % (f["target_id"], f["model"], f["target"], "" if f["within_tolerance"] else " (MISSED)") for f in p["fit"]))' \
  || true
echo
echo "== Reference cases (writes Reports/<case>.md, charts and Reports/README.md)"
"$bin" reports
echo
echo "Read Reports/README.md first; each case has its own report beside it."
