#!/usr/bin/env python3
"""Builds the dependence (satellite) tables Tables/dependence/<table-id>.csv from
Tables/dependence/essentiality_basic.csv and the MIC 2015 509x391 basic table.

d_mJ = sum over basic activities a in sector J of x_a * e_am / x_J, where x_a is the activity's
domestic output (the basic table's 'Total' row) and e_am the stated essentiality of material m to
activity a (each one an assumption with its reasoning in essentiality_basic.csv).

Also writes Tables/dependence/evidence_basic_purchases.csv: which activities buy the basic
commodities that carry these materials (catalysts, abrasives, carbon and graphite products,
other non-ferrous ingots and products, batteries), from the basic table itself, as a check on the
activity lists. The United States table uses the Japanese activity weights inside each BEA
industry (an assumption: the US product mix inside an industry is taken to be Japan's).

Run from the repository root: python3 Tables/build/build_dependence.py
"""
import csv
import os

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SRC = os.path.join(ROOT, "sources")
OUT = os.path.join(ROOT, "dependence")


def read(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.reader(f))


def write(path, header, rows):
    tmp = path + ".tmp"
    with open(tmp, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)
    os.replace(tmp, path)


basic = read(os.path.join(SRC, "jp_mic2015_basic_509x391_io_million_yen.csv"))
header = basic[0]
rows = {r[0]: r for r in basic[1:]}
activities = [c for c in header[2:] if c.isdigit() and len(c) == 6]
col = {c: k for k, c in enumerate(header)}
output = {a: float(rows["Total"][col[a]]) for a in activities}

conc = {r[0]: r for r in read(os.path.join(SRC, "jp_employment_concordance_mic2015_basic391_to_wiod56.csv"))[1:]}
names = {r[0]: r[1] for r in read(os.path.join(SRC, "jp_employment_concordance_mic2015_basic391_to_wiod56.csv"))[1:]}
for a in activities:
    assert a in conc, f"activity {a} missing from the concordance"
    assert abs(float(conc[a][8]) - output[a]) < 1, f"output of {a} differs between the basic table and the concordance"

ess = read(os.path.join(OUT, "essentiality_basic.csv"))
materials = [r[0] for r in read(os.path.join(ROOT, "materials.csv"))[1:]]
e = {}
for line, r in enumerate(ess[1:], start=2):
    m, a, v = r[0], r[1], float(r[2])
    assert m in materials, f"essentiality_basic.csv line {line}: unknown material {m}"
    assert a in output, f"essentiality_basic.csv line {line}: unknown activity {a}"
    assert 0 <= v <= 1, f"essentiality_basic.csv line {line}: essentiality {v} outside [0, 1]"
    assert (m, a) not in e, f"essentiality_basic.csv line {line}: duplicate {m}/{a}"
    e[(m, a)] = v


def aggregate(groups, table_id, label):
    """groups: sector code -> list of basic activities whose outputs weight the sector."""
    out_rows = []
    for m in materials:
        for sector, acts in groups.items():
            x = sum(output[a] for a in acts)
            if x <= 0:
                continue
            contrib = [(a, output[a], e[(m, a)]) for a in acts if (m, a) in e]
            if not contrib:
                continue
            d = sum(xa * v for _, xa, v in contrib) / x
            basis = "; ".join(f"{a} {names[a]} (output {xa:,.0f}, essentiality {v:g})" for a, xa, v in contrib)
            out_rows.append([m, sector, f"{d:.6f}", f"output-weighted over {label} {sector} (total {x:,.0f} million JPY): {basis}"])
    write(os.path.join(OUT, f"{table_id}.csv"), ["material", "sector", "dependence", "basis"], out_rows)
    print(f"{table_id}: {len(out_rows)} non-zero dependences")


by37, by185 = {}, {}
for a in activities:
    by37.setdefault(conc[a][2], []).append(a)
    by185.setdefault(conc[a][3], []).append(a)
aggregate(by37, "jp-2015-37", "MIC 37-sector")
aggregate(by185, "jp-2015-185", "MIC 185-sector")

# United States: BEA summary industries -> the Japanese basic activities of the same kind.
prefix = lambda *ps: [a for a in activities if any(a.startswith(p) for p in ps)]
vehicles = ["351101", "352101", "353101", "353102"]
instruments = ["311301", "311401", "311501"]
cables = ["272101", "272102"]
us = {
    "3361MV": vehicles,
    "3364OT": [a for a in prefix("35") if a not in vehicles],
    "333": prefix("29", "30", "3111", "3112"),
    "334": prefix("32", "34") + instruments,
    "335": prefix("33") + cables,
    "331": [a for a in prefix("26", "27") if a not in cables],
    "327": prefix("25"),
    "324": prefix("21"),
    "325": prefix("20"),
    "326": prefix("22"),
    "339": prefix("39"),
}
aggregate(us, "us-2022-71", "BEA industry (Japanese 2015 activity weights)")

# Evidence from the basic table: who buys the commodities that carry the materials.
markers = {"2089091": "catalysts", "2599021": "abrasives (ceria polishing powders)", "2599011": "carbon and graphite products",
           "2711099": "other non-ferrous ingots (incl. rare-earth metals)", "2729099": "other non-ferrous products (probably sintered magnets)",
           "3399031": "batteries"}
ev = []
for code, what in markers.items():
    if code not in rows:
        continue
    r = rows[code]
    purchases = sorted(((float(r[col[a]]), a) for a in activities if float(r[col[a]]) > 0), reverse=True)
    total = sum(p for p, _ in purchases)
    for p, a in purchases[:12]:
        ev.append([code, what, a, names[a], f"{p:.0f}", f"{p / total:.4f}",
                   "yes" if any((m, a) in e for m in materials) else "no"])
write(os.path.join(OUT, "evidence_basic_purchases.csv"),
      ["commodity", "carries", "buying_activity", "activity_name", "purchases_million_yen", "share_of_intermediate_sales", "in_essentiality_list"], ev)
print("evidence rows", len(ev))
