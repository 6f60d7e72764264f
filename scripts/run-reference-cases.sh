#!/usr/bin/env bash
# Runs the reference cases and regenerates Reports/ (called by `make run`).
set -euo pipefail
bin=${1:-.build/release/ioimpact}
cd "$(dirname "$0")/.."
"$bin" --version
"$bin" tables
