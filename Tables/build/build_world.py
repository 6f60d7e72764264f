#!/usr/bin/env python3
"""Build Tables/world-2011-wiod from the WIOD 2013-release world input-output table for 2011 and the
WIOD 2016 Socio-Economic Accounts for 2011 (provenance: Tables/sources/PROVENANCE.md, section WIOD).

Inputs (Tables/sources/, copied from the workspace data folder; see PROVENANCE.md):
  wiod2013_wiot_2011_{Z,Y,x}_usd_million.csv   41 regions x 35 industries, million USD, integers
  wiod2016_sea_all_2011.csv                    43 countries x 56 ISIC Rev.4 industries, 2011

Outputs (Tables/world-2011-wiod/): manifest.toml, sectors.csv (with a region column), transactions.csv,
final_demand.csv, value_added.csv (compensation from the SEA, the rest of value added), employment.csv,
and concordance_sea56_to_wiod35.csv (the 56 -> 35 concordance used, with the reason of each line).

Employment and compensation: SEA EMP (thousand persons) and COMP (million national currency, divided
by NOMEXCH to USD) of each 56-industry go to the WIOD 2013 industry that holds it under ISIC Rev.3; the
one 56-code that spans two 35-codes (C13-C15 -> c4 textiles and c5 leather) is split pro rata to the
two sectors' 2011 output in the WIOD table. SEA countries not in the 2013 table (CHE, HRV, NOR) are
dropped; Romania is ROU in the SEA and ROM in the table. RoW has no SEA row: its employment and
compensation are ESTIMATED at the 40 countries' persons and compensation per unit of output of each
industry (it understates RoW employment where RoW is poorer than the average of the 40).
Deterministic: sorted, fixed formatting. Run: python3 Tables/build/build_world.py
"""
import csv
import os
import sys
from collections import defaultdict

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SRC = os.path.join(ROOT, "Tables", "sources")
OUT = os.path.join(ROOT, "Tables", "world-2011-wiod")

NAMES = {
    "c1": "Agriculture, hunting, forestry and fishing", "c2": "Mining and quarrying",
    "c3": "Food, beverages and tobacco", "c4": "Textiles and textile products",
    "c5": "Leather and footwear", "c6": "Wood and products of wood and cork",
    "c7": "Pulp, paper, printing and publishing", "c8": "Coke, refined petroleum and nuclear fuel",
    "c9": "Chemicals and chemical products", "c10": "Rubber and plastics",
    "c11": "Other non-metallic minerals", "c12": "Basic metals and fabricated metal",
    "c13": "Machinery, n.e.c.", "c14": "Electrical and optical equipment", "c15": "Transport equipment",
    "c16": "Manufacturing n.e.c.; recycling", "c17": "Electricity, gas and water supply", "c18": "Construction",
    "c19": "Sale, maintenance and repair of motor vehicles; retail sale of fuel",
    "c20": "Wholesale trade, except motor vehicles", "c21": "Retail trade, except motor vehicles; repair of household goods",
    "c22": "Hotels and restaurants", "c23": "Inland transport", "c24": "Water transport", "c25": "Air transport",
    "c26": "Supporting transport activities; travel agencies", "c27": "Post and telecommunications",
    "c28": "Financial intermediation", "c29": "Real estate activities", "c30": "Renting of machinery and other business activities",
    "c31": "Public administration and defence; social security", "c32": "Education", "c33": "Health and social work",
    "c34": "Other community, social and personal services", "c35": "Private households with employed persons",
}

# ISIC Rev.4 (WIOD 2016, 56 industries) -> WIOD 2013 (ISIC Rev.3, 35 industries), with the reason.
CONCORDANCE = [
    ("A01", "c1", "crop and animal production"), ("A02", "c1", "forestry"), ("A03", "c1", "fishing"),
    ("B", "c2", "mining and quarrying"), ("C10-C12", "c3", "food, beverages, tobacco"),
    ("C13-C15", "c4 c5", "textiles, apparel (c4) and leather (c5): split pro rata to the two sectors' 2011 output"),
    ("C16", "c6", "wood"), ("C17", "c7", "paper"), ("C18", "c7", "printing (Rev.3 22 with publishing)"),
    ("C19", "c8", "coke and refined petroleum"), ("C20", "c9", "chemicals"), ("C21", "c9", "pharmaceuticals (Rev.3 24)"),
    ("C22", "c10", "rubber and plastics"), ("C23", "c11", "other non-metallic minerals"),
    ("C24", "c12", "basic metals"), ("C25", "c12", "fabricated metal products"),
    ("C26", "c14", "computer, electronic and optical (Rev.3 30-33)"), ("C27", "c14", "electrical equipment (Rev.3 31)"),
    ("C28", "c13", "machinery n.e.c. (Rev.3 29)"), ("C29", "c15", "motor vehicles"), ("C30", "c15", "other transport equipment"),
    ("C31_C32", "c16", "furniture and other manufacturing (Rev.3 36)"),
    ("C33", "c13", "repair and installation of machinery (Rev.3 29 and 725, mostly machinery)"),
    ("D35", "c17", "electricity and gas"), ("E36", "c17", "water collection and supply (Rev.3 41)"),
    ("E37-E39", "c34", "sewerage and waste (Rev.3 90, other community services)"),
    ("F", "c18", "construction"), ("G45", "c19", "motor vehicle trade and repair"), ("G46", "c20", "wholesale"),
    ("G47", "c21", "retail"), ("H49", "c23", "land transport"), ("H50", "c24", "water transport"),
    ("H51", "c25", "air transport"), ("H52", "c26", "warehousing and support"), ("H53", "c27", "postal (Rev.3 64)"),
    ("I", "c22", "accommodation and food"), ("J58", "c7", "publishing (Rev.3 22)"),
    ("J59_J60", "c34", "motion pictures and broadcasting (Rev.3 92)"), ("J61", "c27", "telecommunications"),
    ("J62_J63", "c30", "computer programming and information services (Rev.3 72)"),
    ("K64", "c28", "financial services"), ("K65", "c28", "insurance"), ("K66", "c28", "auxiliary financial"),
    ("L68", "c29", "real estate"), ("M69_M70", "c30", "legal, accounting, consulting (Rev.3 74)"),
    ("M71", "c30", "architecture and engineering (Rev.3 74)"), ("M72", "c30", "research and development (Rev.3 73)"),
    ("M73", "c30", "advertising (Rev.3 74)"), ("M74_M75", "c30", "other professional and veterinary (Rev.3 74, 85)"),
    ("N", "c30", "administrative and support (Rev.3 71, 74; travel agencies are a small part)"),
    ("O84", "c31", "public administration"), ("P85", "c32", "education"), ("Q", "c33", "health and social work"),
    ("R_S", "c34", "arts, recreation and other services"), ("T", "c35", "households as employers"),
    ("U", "c31", "extraterritorial organisations (tiny)"),
]
SEA_TO_WIOD_REGION = {"ROU": "ROM"}


def read(name):
    with open(os.path.join(SRC, name), encoding="utf-8") as f:
        return list(csv.reader(f))


def main():
    z = read("wiod2013_wiot_2011_Z_usd_million.csv")
    y = read("wiod2013_wiot_2011_Y_usd_million.csv")
    xr = read("wiod2013_wiot_2011_x_usd_million.csv")
    labels = z[0][1:]
    assert [r[0] for r in z[1:]] == labels and [r[0] for r in xr[1:]] == labels and [r[0] for r in y[1:]] == labels
    n = len(labels)
    x = [float(r[1]) for r in xr[1:]]
    zm = [[float(v) for v in r[1:]] for r in z[1:]]
    colsum = [sum(zm[i][j] for i in range(n)) for j in range(n)]
    va = [x[j] - colsum[j] for j in range(n)]
    regions = sorted({l.split("/")[0] for l in labels})
    xs = {l: x[k] for k, l in enumerate(labels)}

    # Employment and compensation from the SEA through the concordance.
    sea = read("wiod2016_sea_all_2011.csv")
    head = sea[0]
    col = {h: k for k, h in enumerate(head)}
    emp, comp = defaultdict(float), defaultdict(float)
    seen_codes = set()
    for r in sea[1:]:
        country = SEA_TO_WIOD_REGION.get(r[col["country"]], r[col["country"]])
        code = r[col["code"]]
        seen_codes.add(code)
        if country not in regions:
            continue
        targets = next(t for c, t, _ in CONCORDANCE if c == code).split()
        e = float(r[col["EMP"]] or 0) * 1000
        rate = float(r[col["NOMEXCH"]] or 1)
        cm = float(r[col["COMP"]] or 0) / rate
        total = sum(xs[f"{country}/{t}"] for t in targets)
        for t in targets:
            share = xs[f"{country}/{t}"] / total if total > 0 else 1 / len(targets)
            emp[f"{country}/{t}"] += e * share
            comp[f"{country}/{t}"] += cm * share
    missing = seen_codes - {c for c, _, _ in CONCORDANCE}
    if missing:
        sys.exit(f"SEA codes without a concordance line: {sorted(missing)}")
    # RoW: the 40 countries' persons and compensation per unit of output, by industry.
    for s in NAMES:
        xo = sum(xs[f"{r}/{s}"] for r in regions if r != "RoW")
        eo = sum(emp[f"{r}/{s}"] for r in regions if r != "RoW")
        co = sum(comp[f"{r}/{s}"] for r in regions if r != "RoW")
        emp[f"RoW/{s}"] = eo / xo * xs[f"RoW/{s}"] if xo > 0 else 0
        comp[f"RoW/{s}"] = co / xo * xs[f"RoW/{s}"] if xo > 0 else 0

    os.makedirs(OUT, exist_ok=True)

    def w(name, rows):
        with open(os.path.join(OUT, name), "w", encoding="utf-8", newline="") as f:
            csv.writer(f, lineterminator="\n").writerows(rows)

    def num(v):
        s = f"{v:.6f}".rstrip("0").rstrip(".")
        return "0" if s in ("-0", "") else s

    w("sectors.csv", [["code", "name", "name_local", "gross_output", "region"]] +
      [[l, NAMES[l.split("/")[1]], "", num(x[k]), l.split("/")[0]] for k, l in enumerate(labels)])
    w("transactions.csv", [["code"] + labels] + [[l] + [num(v) for v in zm[k]] for k, l in enumerate(labels)])
    w("final_demand.csv", [["code"] + y[0][1:]] + [[r[0]] + r[1:] for r in y[1:]])
    w("value_added.csv", [["component"] + labels,
                          ["comp"] + [num(comp[l]) for l in labels],
                          ["other"] + [num(va[k] - comp[l]) for k, l in enumerate(labels)]])
    w("employment.csv", [["code", "persons"]] + [[l, num(emp[l])] for l in labels])
    w("concordance_sea56_to_wiod35.csv", [["sea_code", "wiod2013_codes", "reason"]] + [list(c) for c in CONCORDANCE])

    hh = [c for c in y[0][1:] if c.endswith("/CONS_h")]
    resid = [x[i] - sum(zm[i]) - sum(float(v) for v in y[i + 1][1:]) for i in range(n)]
    worst = max(range(n), key=lambda i: abs(resid[i]))
    scale = max(x)
    tol = max(abs(r) / max(abs(x[i]), scale * 1e-3) for i, r in enumerate(resid))
    names = "\n".join(f'"{c}" = "{c.split("/")[0]}: {dict(CONS_h="household consumption", CONS_np="non-profit institutions", CONS_g="government consumption", GFCF="gross fixed capital formation", INVEN="changes in inventories")[c.split("/")[1]]}"' for c in y[0][1:])
    with open(os.path.join(OUT, "manifest.toml"), "w", encoding="utf-8") as f:
        f.write(f'''format = "ioimpact-table/1"
id = "world-2011-wiod"
name = "World input-output table 2011, WIOD 2013 release (41 regions x 35 industries)"
country = "WLD"
year = 2011
currency = "USD"
unit = "million USD"
price_basis = "basic prices, current prices"
import_treatment = "domestic"
source = "WIOD 2013 release, world input-output table 2011 (Timmer, Dietzenbacher, Los, Stehrer and de Vries 2015, 'An Illustrated User Guide to the World Input-Output Database', Review of International Economics 23), via bquast/wiod @ 59a28ac2 (data/wiot_2011.RData); employment and compensation from the WIOD 2016 Socio-Economic Accounts 2011 through Tables/world-2011-wiod/concordance_sea56_to_wiod35.csv (Tables/build/build_world.py)"
licence = "WIOD data: CC BY 4.0 (DataverseNL, doi:10.34894/PJ2M1C); cite Timmer et al. (2015)"
notes = "A multi-regional table: every flow is by origin region and destination region, so imports are the off-diagonal blocks and the table is read as domestic flows (A = Z x^-1 over all 1,435 region-sectors). Codes are REGION/cNN as in WIOD; RoW is the rest of the world; Romania is ROM. Value added = output minus intermediate inputs (the WIOD rows of taxes, margins and value added together); compensation from the SEA converted at its NOMEXCH rate, the rest of value added in 'other'. Integers in million USD: rows balance within {max(abs(r) for r in resid):.0f} (sector {labels[worst]}), rounding. RoW employment and compensation are ESTIMATES (the 40 countries' per-output averages by industry)."
# Rounding residuals of up to {max(abs(r) for r in resid):.0f} million USD against the check's floor of 0.001 x the largest output
# ({scale * 1e-3:.0f}): the largest relative residual is {tol:.4f}, so rows and columns are checked at 0.05.
balance_tolerance = 0.05

[final_demand]
exports = []
imports = []
household_consumption = [{", ".join(f'"{c}"' for c in hh)}]

[final_demand.names]
{names}

[value_added]
compensation = ["comp"]

[value_added.names]
"comp" = "compensation of employees (WIOD SEA 2011, converted to USD)"
"other" = "other value added: gross operating surplus, net taxes, international margins (output - intermediate inputs - compensation)"

[employment]
unit = "persons"
estimate = true
year = 2011
method = "WIOD 2016 SEA persons engaged (EMP) for 2011 through the 56 -> 35 concordance (C13-C15 split pro rata to output); RoW ESTIMATED at the 40 countries' persons per unit of output by industry"
''')
    print(f"world-2011-wiod: {n} region-sectors, {len(regions)} regions; world value added {sum(va):,.0f} million USD; "
          f"JPN {sum(va[k] for k, l in enumerate(labels) if l.startswith('JPN/')):,.0f}; employment {sum(emp.values()) / 1e6:,.1f} million persons; "
          f"largest row residual {max(abs(r) for r in resid):.0f} ({labels[worst]}), relative to the check's scale {tol:.4f}")


if __name__ == "__main__":
    main()
