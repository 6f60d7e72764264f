#!/usr/bin/env python3
"""Builds the material satellite tables Tables/materials/satellite-<table-id>.csv.

Inputs (Tables/materials/):
  catalogue.csv                     id,name,elements,group,basis
  origins.csv                       material,destination,origin,share,low,high,source
  uses.csv                          material,destination,use,tonnes_per_year,year,source
  use_sectors-<table-id>.csv        material,use,sector,share_of_use,basis
  essentiality-<table-id>.csv       material,sector,essentiality,reason
  essential_inputs-<table-id>.csv   supplier,buyer,days,class,basis (class: critical or important)

Outputs:
  satellite-jp-2015-185.csv         material,sector,tonnes_per_year,essentiality,uses,reason
  satellite-jp-2015-37.csv          the same aggregated to the first two digits of the code:
                                    tonnes summed; essentiality = sum_j e_j x_j / X_J over the fine
                                    sectors j of J that use the material (X_J the whole coarse
                                    sector's output), i.e. the share of the coarse output that stops;
                                    a fine buyer of an essential pair inside J takes at least its
                                    supplier's e (half for an important pair): it stops with it
  essential_inputs-jp-2015-37.csv   pairs aggregated to 37 sectors (days weighted by the fine buyers' output); pairs inside one sector are
                                    dropped; days = min over the fine pairs
  satellite-us-2022-71.csv          only if use_sectors-us-2022-71.csv exists (destination USA)

Checks (the script stops with a message on the first failure of a hard check): origin shares sum
to 1 per (material, destination); use shares sum to 1 per (material, use); every sector code exists
in the table's sectors.csv; every material is in the catalogue; ratings are in {0, 0.1, 0.5, 1};
every (material, sector) that receives tonnes is rated; every use in use_sectors has tonnes.

Run from anywhere: python3 Tables/build/build_materials.py
Standard library only; output is deterministic (sorted rows, fixed float formatting).
"""
import csv
import os
import sys
from collections import defaultdict

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # .../Tables
MAT = os.path.join(ROOT, "materials")
RATINGS = {0.0, 0.1, 0.5, 1.0}
TOL = 1e-6

errors = []


def fail(msg):
    errors.append(msg)


def read(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def write(path, header, rows):
    tmp = path + ".tmp"
    with open(tmp, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)
    os.replace(tmp, path)


def fnum(x, nd=3):
    s = f"{x:.{nd}f}"
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def sectors_of(table_id):
    rows = read(os.path.join(ROOT, table_id, "sectors.csv"))
    return {r["code"]: r for r in rows}


def check_catalogue():
    cat = read(os.path.join(MAT, "catalogue.csv"))
    groups = {"rare_earth_light", "rare_earth_heavy", "magnet", "critical_mineral"}
    ids = set()
    for r in cat:
        if r["id"] in ids:
            fail(f"catalogue: duplicate id {r['id']}")
        ids.add(r["id"])
        if r["group"] not in groups:
            fail(f"catalogue: {r['id']} has group {r['group']!r}, not one of {sorted(groups)}")
    return ids


def check_origins(ids):
    rows = read(os.path.join(MAT, "origins.csv"))
    tot = defaultdict(float)
    for r in rows:
        if r["material"] not in ids:
            fail(f"origins: material {r['material']} not in catalogue")
        s, lo, hi = float(r["share"]), r["low"], r["high"]
        if not (0 <= s <= 1):
            fail(f"origins: share out of [0,1] for {r['material']},{r['destination']},{r['origin']}")
        if lo != "" and hi != "" and not (float(lo) - TOL <= s <= float(hi) + TOL):
            fail(f"origins: share {s} outside [low, high] for {r['material']},{r['destination']},{r['origin']}")
        if not r["source"].strip():
            fail(f"origins: no source for {r['material']},{r['destination']},{r['origin']}")
        tot[(r["material"], r["destination"])] += s
    for k, v in sorted(tot.items()):
        if abs(v - 1) > TOL:
            fail(f"origins: shares of {k} sum to {v:.6f}, not 1")
    return rows


def load_uses(ids):
    rows = read(os.path.join(MAT, "uses.csv"))
    uses = defaultdict(float)  # (material, destination, use) -> tonnes
    for r in rows:
        if r["material"] not in ids:
            fail(f"uses: material {r['material']} not in catalogue")
        if not r["source"].strip():
            fail(f"uses: no source for {r['material']},{r['use']}")
        key = (r["material"], r["destination"], r["use"])
        if key in uses:
            fail(f"uses: duplicate row {key}")
        uses[key] += float(r["tonnes_per_year"])
    return uses


def build(table_id, destination, ids, uses):
    """Returns (satellite rows dict, sectors) for one table; writes satellite-<table_id>.csv."""
    sect = sectors_of(table_id)
    us_rows = read(os.path.join(MAT, f"use_sectors-{table_id}.csv"))
    es_rows = read(os.path.join(MAT, f"essentiality-{table_id}.csv"))

    share = defaultdict(float)
    tonnes = defaultdict(float)       # (material, sector) -> t
    by_use = defaultdict(float)       # (material, use) -> t in satellite
    uses_of = defaultdict(set)        # (material, sector) -> uses
    for r in us_rows:
        m, u, s, sh = r["material"], r["use"], r["sector"], float(r["share_of_use"])
        if m not in ids:
            fail(f"use_sectors-{table_id}: material {m} not in catalogue")
        if s not in sect:
            fail(f"use_sectors-{table_id}: sector {s} not in {table_id}/sectors.csv")
        share[(m, u)] += sh
        t_use = uses.get((m, destination, u))
        if t_use is None:
            fail(f"use_sectors-{table_id}: ({m}, {u}) has no tonnes in uses.csv for {destination}")
            continue
        tonnes[(m, s)] += t_use * sh
        by_use[(m, u)] += t_use * sh
        uses_of[(m, s)].add(u)
    for k, v in sorted(share.items()):
        if abs(v - 1) > TOL:
            fail(f"use_sectors-{table_id}: shares of {k} sum to {v:.6f}, not 1")
    for (m, d, u) in sorted(uses):
        if d == destination and (m, u) not in share:
            fail(f"uses: ({m}, {d}, {u}) has tonnes but no sector split in use_sectors-{table_id}")

    ess = {}
    for r in es_rows:
        m, s = r["material"], r["sector"]
        e = float(r["essentiality"])
        if e not in RATINGS:
            fail(f"essentiality-{table_id}: rating {r['essentiality']} for ({m}, {s}) not in {{0, 0.1, 0.5, 1}}")
        if s not in sect:
            fail(f"essentiality-{table_id}: sector {s} not in sectors.csv")
        if (m, s) in ess:
            fail(f"essentiality-{table_id}: duplicate rating for ({m}, {s})")
        if not r["reason"].strip():
            fail(f"essentiality-{table_id}: no reason for ({m}, {s})")
        ess[(m, s)] = (e, r["reason"])
    for k in sorted(tonnes):
        if k not in ess:
            fail(f"essentiality-{table_id}: ({k[0]}, {k[1]}) receives tonnes but is not rated")
    for k in sorted(ess):
        if k not in tonnes:
            print(f"note: essentiality-{table_id}: ({k[0]}, {k[1]}) is rated but receives no tonnes")

    pairs = read(os.path.join(MAT, f"essential_inputs-{table_id}.csv"))
    seen = set()
    for r in pairs:
        for c in ("supplier", "buyer"):
            if r[c] not in sect:
                fail(f"essential_inputs-{table_id}: {c} {r[c]} not in sectors.csv")
        if (r["supplier"], r["buyer"]) in seen:
            fail(f"essential_inputs-{table_id}: duplicate pair {r['supplier']} -> {r['buyer']}")
        seen.add((r["supplier"], r["buyer"]))
        if r["supplier"] == r["buyer"]:
            fail(f"essential_inputs-{table_id}: pair inside one sector {r['supplier']}")
        if float(r["days"]) <= 0:
            fail(f"essential_inputs-{table_id}: days must be > 0 for {r['supplier']} -> {r['buyer']}")

    out = []
    for (m, s) in sorted(tonnes):
        e, reason = ess.get((m, s), (float("nan"), ""))
        out.append([m, s, fnum(tonnes[(m, s)], 3), fnum(e, 4), ";".join(sorted(uses_of[(m, s)])), reason])
    write(os.path.join(MAT, f"satellite-{table_id}.csv"),
          ["material", "sector", "tonnes_per_year", "essentiality", "uses", "reason"], out)

    # check print: tonnes by (material, use) and per material against uses.csv
    print(f"\n== {table_id} (destination {destination}) ==")
    print(f"{'material':<14} {'use':<18} {'uses.csv t':>12} {'satellite t':>12} {'diff':>8}")
    mat_tot_u, mat_tot_s = defaultdict(float), defaultdict(float)
    for (m, d, u) in sorted(uses):
        if d != destination:
            continue
        tu, ts = uses[(m, d, u)], by_use.get((m, u), 0.0)
        mat_tot_u[m] += tu
        mat_tot_s[m] += ts
        print(f"{m:<14} {u:<18} {tu:>12.1f} {ts:>12.1f} {ts - tu:>8.2f}")
        if abs(ts - tu) > 1e-6 * max(1.0, tu):
            fail(f"check: ({m}, {u}) satellite {ts} != uses.csv {tu}")
    print(f"{'material':<14} {'TOTAL':<18} {'uses.csv t':>12} {'satellite t':>12}")
    for m in sorted(mat_tot_u):
        print(f"{m:<14} {'total':<18} {mat_tot_u[m]:>12.1f} {mat_tot_s[m]:>12.1f}")
    re = [m for m in mat_tot_u if m.startswith("re_")]
    if re:
        print(f"{'rare earths':<14} {'total':<18} {sum(mat_tot_u[m] for m in re):>12.1f} "
              f"{sum(mat_tot_s[m] for m in re):>12.1f}")
    return tonnes, ess, uses_of, sect, pairs


def aggregate(fine_id, coarse_id, tonnes, ess, uses_of, fine_sect, pairs, key=lambda c: c[:2]):
    coarse = sectors_of(coarse_id)
    x_fine = {c: float(r["gross_output"]) for c, r in fine_sect.items()}
    X = defaultdict(float)
    for c, x in x_fine.items():
        X[key(c)] += x
    for J, r in coarse.items():
        if J in X and abs(X[J] - float(r["gross_output"])) > 1e-3 * max(1.0, X[J]):
            print(f"note: {coarse_id} sector {J}: output {r['gross_output']} differs from the sum of its "
                  f"{fine_id} sectors ({X[J]:.0f}); the coarse table's own output is used as X_J")
    XJ = {J: float(r["gross_output"]) for J, r in coarse.items()}

    # A buyer whose essential supplier is in the same coarse sector stops with it (after days of stock,
    # here at most a week for the pairs concerned): its effective rating is at least the supplier's (half
    # of it for an important pair). The coarse table cannot hold the pair (it would sit on the diagonal),
    # so the stop is carried in the output-weighted rating instead: parts makers (3531) stop car
    # assembly (3511, 3521, 3522) inside transport equipment.
    e_eff = {k: v[0] for k, v in ess.items()}
    inherited = defaultdict(list)
    intra = [r for r in pairs if key(r["supplier"]) == key(r["buyer"])]
    mats = sorted({m for (m, _) in ess})
    for _ in range(len(intra)):
        moved = False
        for r in intra:
            w = 1.0 if r.get("class", "critical") == "critical" else 0.5
            for m in mats:
                e_s = w * e_eff.get((m, r["supplier"]), 0.0)
                if e_s > e_eff.get((m, r["buyer"]), 0.0) + 1e-12:
                    e_eff[(m, r["buyer"])] = e_s
                    inherited[(m, r["buyer"])].append(r["supplier"])
                    moved = True
        if not moved:
            break
    t2, ew, fines, us2 = defaultdict(float), defaultdict(float), defaultdict(list), defaultdict(set)
    for (m, s), t in tonnes.items():
        J = key(s)
        if J not in coarse:
            fail(f"aggregate: {s} maps to {J}, not in {coarse_id}/sectors.csv")
            continue
        t2[(m, J)] += t
        us2[(m, J)] |= uses_of[(m, s)]
    for (m, s), e in sorted(e_eff.items()):
        J = key(s)
        if (m, J) not in t2 or e <= 0 and (m, s) not in tonnes:
            continue
        ew[(m, J)] += e * x_fine[s]
        via = ""
        if (m, s) in inherited:
            via = (f" (stops with {'/'.join(sorted(set(inherited[(m, s)])))}"
                   " through an essential pair inside the sector)")
        fines[(m, J)].append(f"{s} {fine_sect[s]['name_local']} e={fnum(e, 4)}{via}")
    out = []
    for (m, J) in sorted(t2):
        e = ew[(m, J)] / XJ[J]
        reason = ("output-weighted over the whole sector: " + "; ".join(sorted(fines[(m, J)])))
        out.append([m, J, fnum(t2[(m, J)], 3), f"{e:.4f}", ";".join(sorted(us2[(m, J)])), reason])
    write(os.path.join(MAT, f"satellite-{coarse_id}.csv"),
          ["material", "sector", "tonnes_per_year", "essentiality", "uses", "reason"], out)

    # Days of a coarse pair: the fine pairs' days weighted by their buyers' gross output (the least of
    # them put a 3-day car inventory on the whole of transport equipment); a coarse pair is critical when
    # any of its fine pairs is.
    agg = defaultdict(lambda: [0.0, 0.0, []])
    critical = set()  # a coarse pair is critical when any of its fine pairs is
    for r in pairs:
        a, b = key(r["supplier"]), key(r["buyer"])
        if a == b:
            continue
        if r.get("class", "critical") == "critical":
            critical.add((a, b))
        d, w = float(r["days"]), x_fine[r["buyer"]]
        agg[(a, b)][0] += d * w
        agg[(a, b)][1] += w
        agg[(a, b)][2].append(f"{r['supplier']}->{r['buyer']} {fnum(d)}d")
    rows = [[a, b, fnum(round(agg[(a, b)][0] / agg[(a, b)][1], 1)), "critical" if (a, b) in critical else "important",
             "buyer-output-weighted mean over " + "; ".join(sorted(agg[(a, b)][2]))]
            for (a, b) in sorted(agg)]
    write(os.path.join(MAT, f"essential_inputs-{coarse_id}.csv"), ["supplier", "buyer", "days", "class", "basis"], rows)
    return out, rows


# MIC 2015: the 13-sector classification from the first two digits of a 185-sector code (checked:
# the 37-sector outputs sum to the 13-sector outputs exactly with this map; 48 waste management and
# 68 office supplies belong to 12 services, every manufacturing division 11-39 to 03).
TO13 = {"01": "01", "06": "02", "41": "04", "46": "05", "47": "05", "48": "12", "51": "06", "53": "07", "55": "08",
        "57": "09", "59": "10", "61": "11", "63": "12", "64": "12", "65": "12", "66": "12", "67": "12", "68": "12", "69": "13"}


def to13(code):
    return TO13.get(code[:2], "03")


def main():
    ids = check_catalogue()
    check_origins(ids)
    uses = load_uses(ids)
    tonnes, ess, uses_of, sect, pairs = build("jp-2015-185", "JPN", ids, uses)
    sat37, pairs37 = aggregate("jp-2015-185", "jp-2015-37", tonnes, ess, uses_of, sect, pairs)
    print("\n== jp-2015-37 satellite (essentiality = share of the coarse sector's output that stops) ==")
    for r in sat37:
        print(f"{r[0]:<14} {r[1]:<3} {r[2]:>10} t  e={r[3]}")
    print(f"\nessential_inputs-jp-2015-37: {len(pairs37)} pairs (from {len(pairs)} at 185)")
    sat13, pairs13 = aggregate("jp-2015-185", "jp-2015-13", tonnes, ess, uses_of, sect, pairs, key=to13)
    print("\n== jp-2015-13 satellite ==")
    for r in sat13:
        print(f"{r[0]:<14} {r[1]:<3} {r[2]:>10} t  e={r[3]}")
    print(f"\nessential_inputs-jp-2015-13: {len(pairs13)} pairs (manufacturing is one sector)")
    if os.path.exists(os.path.join(MAT, "use_sectors-us-2022-71.csv")):
        missing = [f for f in ("essentiality-us-2022-71.csv", "essential_inputs-us-2022-71.csv")
                   if not os.path.exists(os.path.join(MAT, f))]
        if missing:
            fail(f"us-2022-71: use_sectors exists but {', '.join(missing)} missing")
        else:
            build("us-2022-71", "USA", ids, uses)
    else:
        print("\n(us-2022-71: no use_sectors-us-2022-71.csv yet; skipped)")
    if errors:
        print("\nCHECK FAILED:", file=sys.stderr)
        for e in errors:
            print("  " + e, file=sys.stderr)
        sys.exit(1)
    print("\nall checks passed")


if __name__ == "__main__":
    main()
