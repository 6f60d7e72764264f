#!/usr/bin/env python3
"""The rare-earth and magnet satellite of the world table (world-2011-wiod), from the national ones.

Writes Tables/materials/satellite-world-2011-wiod.csv, essential_inputs-world-2011-wiod.csv and
durables-world-2011-wiod.csv. Run after build_materials.py and build_world.py:
    python3 Tables/build/build_world_satellite.py

Rules (each an ASSUMPTION stated in the reason column of the output):
- JPN: the jp-2015-185 satellite mapped to WIOD industries (MIC -> WIOD below); tonnes summed;
  essentiality = the output-weighted mean over the MIC sectors of the WIOD industry (the share of the
  industry's output that stops), with MIC 2015 outputs as weights.
- USA: the us-2022-71 satellite mapped the same way (BEA -> WIOD below), BEA 2022 outputs as weights.
- Every other region: tonnes = the mean of Japan's and the United States' tonnes per million USD of
  2011 output of the same WIOD industry x the region's output; essentiality = the mean of the two
  countries' ratings. Such rows are marked TRANSPLANTED (a region given another's means). Where a
  region's own published total exists (region_totals-world.csv: magnets for Germany and Korea from
  China's customs), its transplanted tonnes of that material are scaled to the total, the rating
  stays transplanted and the row says both.
- Conversions (conversions-world-2011-wiod.csv, from converters-world.csv): magnets made from rare
  earths by region, each converter in its region's c12 (basic and fabricated metals, where MIC 2729
  falls); the engine applies each converter to every destination that buys magnets from its origin.
- Only the rare-earth groups and magnets (the world cases' materials).
- Essential produced inputs: the Japanese pairs mapped to WIOD industries (pairs inside one industry
  dropped; days = the shortest), applied between every supplier region and buyer region whose
  coefficient a_ij is at least 0.001 (0.1% of the buyer's output), so that imported parts count.
- Durables: machinery, electrical and optical equipment, transport equipment, manufacturing n.e.c.
  (c13-c16) in every region.
"""
import csv
import os
from collections import defaultdict

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MAT = os.path.join(ROOT, "Tables", "materials")
WORLD = os.path.join(ROOT, "Tables", "world-2011-wiod")
MATERIALS = ["re_ndpr", "re_dytb", "re_lace", "re_other", "ndfeb_magnet"]
PAIR_THRESHOLD = 0.001

# MIC 2015 (185) -> WIOD 2013 (35), for the sectors that take in materials or hold essential inputs.
MIC = {"20": "c9", "21": "c8", "22": "c10", "25": "c11", "26": "c12", "27": "c12", "28": "c12", "29": "c13", "30": "c13",
       "31": "c14", "32": "c14", "33": "c14", "34": "c14", "35": "c15", "39": "c16", "15": "c4", "16": "c7", "11": "c3"}
MIC_OVERRIDE = {"3112": "c13", "3116": "c13", "3919": "c16", "3911": "c16", "1621": "c16"}
BEA = {"325": "c9", "324": "c8", "326": "c10", "327": "c11", "331": "c12", "332": "c12", "333": "c13", "334": "c14",
       "335": "c14", "3361MV": "c15", "3364OT": "c15", "339": "c16", "337": "c16"}


def mic(code):
    return MIC_OVERRIDE.get(code) or MIC[code[:2]]


def rows(path):
    with open(path, encoding="utf-8") as f:
        return list(csv.DictReader(f))


def outputs(table):
    return {r["code"]: float(r["gross_output"]) for r in rows(os.path.join(ROOT, "Tables", table, "sectors.csv"))}


def national(table, mapping):
    """(material, wiod) -> tonnes and output-weighted essentiality over the national sectors."""
    x = outputs(table)
    xw = defaultdict(float)
    for c, v in x.items():
        try:
            xw[mapping(c)] += v
        except KeyError:
            pass
    t, e, src = defaultdict(float), defaultdict(float), defaultdict(list)
    for r in rows(os.path.join(MAT, f"satellite-{table}.csv")):
        if r["material"] not in MATERIALS:
            continue
        w = mapping(r["sector"])
        t[(r["material"], w)] += float(r["tonnes_per_year"])
        e[(r["material"], w)] += float(r["essentiality"]) * x[r["sector"]] / xw[w]
        src[(r["material"], w)].append(r["sector"])
    return t, e, src


def scale_to_totals(out):
    """Scales a region's transplanted tonnes of a material to its own published total, where one exists."""
    totals = {(r["material"], r["region"]): r for r in rows(os.path.join(MAT, "region_totals-world.csv"))}
    for (m, reg), r in sorted(totals.items()):
        mats = [g for g in MATERIALS if g.startswith("re_")] if m == "rare_earths" else [m]
        own = [x for x in out if x[0] in mats and x[1].startswith(reg + "/")]
        base = sum(x[2] for x in own)
        if base <= 0:
            raise SystemExit(f"region_totals-world.csv: {m} has no tonnes in {reg} to scale")
        k = float(r["tonnes_per_year"]) / base
        for x in own:
            x[2] *= k
            x[5] = (f"OWN TOTAL, TRANSPLANTED SPLIT AND RATING: {reg}'s {m} total "
                    f"{float(r['tonnes_per_year']):,.0f} t/yr ({r['source']}) split over industries as the "
                    f"transplant below (x{k:.3g}); " + x[5])
        print(f"  {reg} {m}: transplanted {base:,.0f} t scaled to its own total {float(r['tonnes_per_year']):,.0f} t")


def write_conversions(out):
    """conversions-world-2011-wiod.csv from converters-world.csv; each converter's region must use the input."""
    used = {(r[0], r[1]) for r in out}
    origins = {(r["material"], r["origin"]) for r in rows(os.path.join(MAT, "origins.csv"))}
    conv = []
    for r in rows(os.path.join(MAT, "converters-world.csv")):
        sector = f"{r['region']}/c12"
        if (r["input"], sector) not in used:
            raise SystemExit(f"converters-world.csv: {sector} takes in no {r['input']} in the world satellite")
        if ("ndfeb_magnet", r["origin"]) not in origins:
            raise SystemExit(f"converters-world.csv: no destination buys ndfeb_magnet from {r['origin']} (origins.csv)")
        conv.append(["ndfeb_magnet", r["origin"], r["input"], sector, r["share"], r["basis"]])
    with open(os.path.join(MAT, "conversions-world-2011-wiod.csv"), "w", encoding="utf-8", newline="") as f:
        wr = csv.writer(f, lineterminator="\n")
        wr.writerow(["product", "origin", "input", "sector", "share", "basis"])
        wr.writerows(conv)
    print(f"conversions-world-2011-wiod: {len(conv)} rows ({len({c[1] for c in conv})} converter origins)")


def main():
    sect = rows(os.path.join(WORLD, "sectors.csv"))
    xo = {r["code"]: float(r["gross_output"]) for r in sect}
    regions = sorted({r["region"] for r in sect}, key=lambda r: (r == "RoW", r))
    jt, je, js = national("jp-2015-185", mic)
    ut, ue, us = national("us-2022-71", lambda c: BEA[c])
    out = []
    for (m, w) in sorted(set(jt) | set(ut)):
        ij = jt.get((m, w), 0) / xo[f"JPN/{w}"]
        iu = ut.get((m, w), 0) / xo[f"USA/{w}"]
        ej, eu = je.get((m, w), 0), ue.get((m, w), 0)
        for reg in regions:
            code = f"{reg}/{w}"
            if reg == "JPN":
                if (m, w) not in jt:
                    continue
                t, e = jt[(m, w)], ej
                why = "Japan: Tables/materials/satellite-jp-2015-185.csv, MIC sectors " + " ".join(sorted(js[(m, w)])) + " (essentiality output-weighted over the WIOD industry)"
            elif reg == "USA":
                if (m, w) not in ut:
                    continue
                t, e = ut[(m, w)], eu
                why = "United States: Tables/materials/satellite-us-2022-71.csv, BEA sectors " + " ".join(sorted(us[(m, w)])) + " (output-weighted)"
            else:
                t, e = (ij + iu) / 2 * xo[code], (ej + eu) / 2
                why = (f"TRANSPLANTED: the mean of Japan's ({ij:.4g}) and the United States' ({iu:.4g}) tonnes "
                       f"per million USD of 2011 {w} output x this region's output; rating the mean of the two")
            if t <= 0:
                continue
            out.append([m, code, t, f"{e:.4f}", "world", why])
    scale_to_totals(out)
    for r in out:
        r[2] = f"{r[2]:.3f}"
    with open(os.path.join(MAT, "satellite-world-2011-wiod.csv"), "w", encoding="utf-8", newline="") as f:
        wr = csv.writer(f, lineterminator="\n")
        wr.writerow(["material", "sector", "tonnes_per_year", "essentiality", "uses", "reason"])
        wr.writerows(out)

    # Essential produced inputs between regions.
    days = {}
    for r in rows(os.path.join(MAT, "essential_inputs-jp-2015-185.csv")):
        a, b = mic(r["supplier"]), mic(r["buyer"])
        if a != b:
            days[(a, b)] = min(days.get((a, b), 1e9), float(r["days"]))
    z = list(csv.reader(open(os.path.join(WORLD, "transactions.csv"), encoding="utf-8")))
    labels = z[0][1:]
    index = {l: k for k, l in enumerate(labels)}
    pairs = []
    for (a, b), d in sorted(days.items()):
        for r1 in regions:
            row = z[index[f"{r1}/{a}"] + 1]
            for r2 in regions:
                j = index[f"{r2}/{b}"]
                coef = float(row[j + 1]) / xo[labels[j]] if xo[labels[j]] > 0 else 0
                if coef >= PAIR_THRESHOLD:
                    pairs.append([f"{r1}/{a}", f"{r2}/{b}", f"{d:g}",
                                  f"ASSUMPTION: Japan's pair {a}->{b} (shortest of its MIC pairs: {d:g} days, Tables/materials/essential_inputs-jp-2015-185.csv) held for every supplier region with a_ij >= {PAIR_THRESHOLD} (here {coef:.4f})"])
    with open(os.path.join(MAT, "essential_inputs-world-2011-wiod.csv"), "w", encoding="utf-8", newline="") as f:
        wr = csv.writer(f, lineterminator="\n")
        wr.writerow(["supplier", "buyer", "days", "basis"])
        wr.writerows(pairs)
    write_conversions(out)
    with open(os.path.join(MAT, "durables-world-2011-wiod.csv"), "w", encoding="utf-8", newline="") as f:
        wr = csv.writer(f, lineterminator="\n")
        wr.writerow(["sector", "reason"])
        for reg in regions:
            for c in ["c13", "c14", "c15", "c16"]:
                wr.writerow([f"{reg}/{c}", "durable manufactured goods (machinery, electrical and optical, transport equipment, other manufacturing): postponed, not cancelled (ASSUMPTION, as in ARIO-type models; Hallegatte 2008)"])
    tot = defaultdict(float)
    for r in out:
        tot[(r[0], r[1].split("/")[0] in ("JPN", "USA"))] += float(r[2])
    print(f"satellite-world-2011-wiod: {len(out)} rows; essential pairs {len(pairs)} from {len(days)} WIOD industry pairs")
    for m in MATERIALS:
        print(f"  {m:<13} JPN+USA {tot[(m, True)]:>10,.0f} t, "
              f"other regions (transplanted or scaled) {tot[(m, False)]:>10,.0f} t")


if __name__ == "__main__":
    main()
