#!/usr/bin/env python3
"""Seed corpus for the fuzz target from the shipped files (make fuzz): one input per table folder,
pymrio folder, case, parameter file and calibration spec. Layout: ParserHarness.swift."""
import os, sys
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
out = sys.argv[1]
os.makedirs(out, exist_ok=True)
SEP = "\n@@@\n"
TABLE = ["manifest.toml", "sectors.csv", "transactions.csv", "final_demand.csv", "value_added.csv", "employment.csv"]
PYMRIO = ["file_parameters.json", "Z.txt", "Y.txt", "unit.txt", "x.txt"]
def read(p):
    try:
        return open(p, encoding="utf-8", errors="replace").read()
    except OSError:
        return ""
def emit(name, mode, parts):
    data = bytes([mode]) + SEP.join(parts).encode()
    if len(data) > 200_000:   # the 185- and 71-sector tables are too large to mutate usefully
        return
    open(os.path.join(out, name), "wb").write(data)
repro = os.path.join(root, "Tests/IOImpactTests/Fixtures/repro")
for base in [os.path.join(root, "Tables"), repro]:
    for d in sorted(os.listdir(base)):
        p = os.path.join(base, d)
        if os.path.exists(os.path.join(p, "manifest.toml")):
            emit("table-" + d, 0, [read(os.path.join(p, f)) for f in TABLE])
        if os.path.exists(os.path.join(p, "file_parameters.json")):
            emit("pymrio-" + d, 1, [read(os.path.join(p, f)) for f in PYMRIO])
for p in [os.path.join(root, "Tests/IOImpactTests/Fixtures/pymrio_test")]:
    emit("pymrio-fixture", 1, [read(os.path.join(p, f)) for f in PYMRIO])
for d, mode in [("Tables/cases/static", 2), ("Tables/cases", 3)]:
    for f in sorted(os.listdir(os.path.join(root, d))):
        if f.endswith(".toml"):
            emit(f"case{mode - 1}-" + f, mode, [read(os.path.join(root, d, f))])
for f in sorted(os.listdir(repro)):
    if f.startswith("case-"): emit("repro-" + f, 2, [read(os.path.join(repro, f))])
    if f.startswith("case2-"): emit("repro-" + f, 3, [read(os.path.join(repro, f))])
    if f.startswith("params-"): emit("repro-" + f, 4, [read(os.path.join(repro, f))])
    if f.startswith("spec-"): emit("repro-" + f, 5, [read(os.path.join(repro, f)), read(os.path.join(repro, "targets.csv"))])
prof = os.path.join(root, "Tables/calibration/profiles")
for f in sorted(os.listdir(prof)):
    emit("params-" + f, 4, [read(os.path.join(prof, f))])
for f in ["dir.toml", "nri.toml"]:
    emit("spec-" + f, 5, [read(os.path.join(root, "Tables/calibration", f)), read(os.path.join(root, "Tables/calibration/targets.csv"))])
print(f"{len(os.listdir(out))} seed inputs in {out}")
