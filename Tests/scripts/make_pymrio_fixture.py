#!/usr/bin/env python3
"""Regenerates the pymrio parity fixture (Tests/IOImpactTests/Fixtures/pymrio_test and .../pymrio_expected).

Saves pymrio's bundled test system with save_all() (its text format), reloads that folder with
load_all(), runs calc_all() and writes pymrio's own A, L, x and value-added multipliers M at full
precision, so the Swift test compares against pymrio on exactly the bytes it reads.

Usage: python3 Tests/scripts/make_pymrio_fixture.py [OUT_DIR]   (needs: pip install pymrio)
"""
import os
import shutil
import sys

import numpy as np
import pymrio

here = os.path.dirname(os.path.abspath(__file__))
out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", "IOImpactTests", "Fixtures")
system_dir = os.path.join(out, "pymrio_test")
expected_dir = os.path.join(out, "pymrio_expected")

t = pymrio.load_test()
t.reset_full()  # keep only Z, Y and the extensions' F (x is then derived, as pymrio's calc_x does)
shutil.rmtree(system_dir, ignore_errors=True)
t.save_all(system_dir)
s = pymrio.load_all(system_dir)
s.calc_all()
os.makedirs(expected_dir, exist_ok=True)


def dump(name, m):
    m = np.atleast_2d(np.asarray(m, dtype=float))
    with open(os.path.join(expected_dir, name), "w") as f:
        for row in m:
            f.write(",".join(repr(float(v)) for v in row) + "\n")


dump("A.csv", s.A.values)
dump("L.csv", s.L.values)
dump("x.csv", s.x.values.reshape(1, -1))
dump("value_added_multipliers.csv", s.factor_inputs.M.values)
with open(os.path.join(expected_dir, "labels.csv"), "w") as f:
    f.write("\n".join(f"{r}/{c}" for r, c in s.Z.index) + "\n")
with open(os.path.join(expected_dir, "VERSION"), "w") as f:
    f.write(f"pymrio {pymrio.__version__}, numpy {np.__version__}\n")
print("wrote", system_dir, "and", expected_dir)
