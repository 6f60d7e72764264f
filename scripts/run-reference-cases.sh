#!/usr/bin/env bash
# `make run`: run every reference case, regenerate Reports/ and print the summary table.
set -euo pipefail
bin=${1:-.build/release/ioimpact}
cd "$(dirname "$0")/.."
"$bin" --version
echo
"$bin" reports
echo
echo "Reports: Reports/README.md (summary) and Reports/<case-id>.md (one per case)."
