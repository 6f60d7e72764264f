#!/usr/bin/env python3
"""Builds the shipped tables (Tables/<id>/) from the extracted source files in Tables/sources/.

Run from the repository root:  python3 Tables/build/build_tables.py
Standard library only. The output is deterministic: the same sources give byte-identical files.

Each table folder holds manifest.toml and CSV files in ioimpact's table format
(see Tables/README.md): sectors.csv, transactions.csv, final_demand.csv, value_added.csv and,
where there is one, employment.csv.
"""
import csv
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SRC = os.path.join(ROOT, "sources")

MIC_SOURCE = ("Ministry of Internal Affairs and Communications (MIC, 総務省), "
              "平成27年（2015年）産業連関表 (2015 Input-Output Tables for Japan), published 2019")
MIC_LICENCE = ("Japanese Government Standard Terms of Use 2.0 (政府標準利用規約 第2.0版), compatible with CC BY 4.0. "
               "Attribution: 出典：総務省『平成27年（2015年）産業連関表』")
EMP_NOTE = ("ESTIMATE, not MIC data: Japan publishes no 2015 employment vector by IO sector. Persons engaged = "
            "employees (each MIC basic activity's 2015 compensation of employees divided by the 2014 WIOD SEA "
            "compensation per employee of its WIOD group) + self-employed and family workers (WIOD SEA 2014 EMP − EMPE "
            "of the group, spread by compensation + positive operating surplus). Total 66.2 million persons vs ILO/LFS "
            "63.8 million for 2015 (+3.8%); single sectors about ±10–25%. Method: Tables/sources/PROVENANCE.md, "
            "section 'Employment estimate'. Sources: WIOD 2016 Socio-Economic Accounts (Timmer et al. 2015, "
            "doi:10.34894/PJ2M1C, CC BY 4.0) and the MIC 2015 basic table")


def read_csv(name):
    with open(os.path.join(SRC, name), newline="", encoding="utf-8") as f:
        return list(csv.reader(f))


def fmt(v):
    """Numbers as written by the source: integers stay integers; others keep 12 significant digits."""
    if abs(v - round(v)) < 1e-9:
        return str(int(round(v)))
    return repr(float("%.12g" % v))


def write_csv(path, header, rows):
    tmp = path + ".tmp"
    with open(tmp, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        for r in rows:
            w.writerow(r)
    os.replace(tmp, path)


def toml_str(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def toml_list(xs):
    return "[" + ", ".join(toml_str(x) for x in xs) + "]"


def write_table(tid, meta, codes, names, names_local, output, Z, fd_codes, fd_names, FD, va_codes, va_names, VA,
                employment=None, roles=None, employment_meta=None):
    out = os.path.join(ROOT, tid)
    os.makedirs(out, exist_ok=True)
    n = len(codes)
    write_csv(os.path.join(out, "sectors.csv"), ["code", "name", "name_local", "gross_output"],
              [[codes[i], names[i], names_local[i], fmt(output[i])] for i in range(n)])
    write_csv(os.path.join(out, "transactions.csv"), ["code"] + codes,
              [[codes[i]] + [fmt(Z[i][j]) for j in range(n)] for i in range(n)])
    write_csv(os.path.join(out, "final_demand.csv"), ["code"] + fd_codes,
              [[codes[i]] + [fmt(FD[i][k]) for k in range(len(fd_codes))] for i in range(n)])
    write_csv(os.path.join(out, "value_added.csv"), ["component"] + codes,
              [[va_codes[r]] + [fmt(VA[r][j]) for j in range(n)] for r in range(len(va_codes))])
    if employment is not None:
        write_csv(os.path.join(out, "employment.csv"), ["code", "persons"],
                  [[codes[i], fmt(round(employment[i]))] for i in range(n)])
    lines = ['format = "ioimpact-table/1"', f"id = {toml_str(tid)}"]
    for key in ["name", "country", "year", "currency", "unit", "price_basis", "import_treatment", "source",
                "licence", "notes", "balance_tolerance"]:
        v = meta[key]
        lines.append(f"{key} = {v}" if isinstance(v, (int, float)) else f"{key} = {toml_str(v)}")
    lines.append("")
    lines.append("[final_demand]")
    lines.append(f"exports = {toml_list(roles['exports'])}")
    lines.append(f"imports = {toml_list(roles['imports'])}")
    lines.append(f"household_consumption = {toml_list(roles['household'])}")
    lines.append("")
    lines.append("[final_demand.names]")
    for c, nm in zip(fd_codes, fd_names):
        lines.append(f"{toml_str(c)} = {toml_str(nm)}")
    lines.append("")
    lines.append("[value_added]")
    lines.append(f"compensation = {toml_list(roles['compensation'])}")
    lines.append("")
    lines.append("[value_added.names]")
    for c, nm in zip(va_codes, va_names):
        lines.append(f"{toml_str(c)} = {toml_str(nm)}")
    if employment is not None:
        lines.append("")
        lines.append("[employment]")
        for k, v in employment_meta.items():
            lines.append(f"{k} = {toml_str(v) if isinstance(v, str) else ('true' if v is True else 'false' if v is False else v)}")
    tmp = os.path.join(out, "manifest.toml.tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    os.replace(tmp, os.path.join(out, "manifest.toml"))
    print(f"{tid}: {n} sectors, output {sum(output):,.0f}, value added {sum(sum(r) for r in VA):,.0f}"
          + (f", employment {sum(employment):,.0f}" if employment else ""))


def mic_table(tid, io_file, codes_file, emp_file, sector_codes, fd_cols, va_rows, output_col, roles, name_en, level,
              names_en_file=None):
    rows = read_csv(io_file)
    header = rows[0]
    col = {c: k for k, c in enumerate(header)}
    byrow = {r[0]: r for r in rows[1:]}
    names_ja = {r[0]: r[1] for r in rows[1:]}
    en = {}
    if codes_file:
        for r in read_csv(codes_file)[1:]:
            if len(r) >= 4 and r[1] == "sector":
                en[r[0]] = r[3]
    if names_en_file:
        # English names by code (the project's translations, Tables/sources/PROVENANCE.md); each row repeats
        # MIC's Japanese name, which must equal the source table's, so a shifted or stale row cannot slip in.
        for r in read_csv(names_en_file)[1:]:
            code, ja, name = r
            if names_ja.get(code) != ja:
                sys.exit(f"{names_en_file}: {code} is {ja!r} there but {names_ja.get(code)!r} in {io_file}")
            if not name.strip() or not name.isascii():
                sys.exit(f"{names_en_file}: {code} has no ASCII English name")
            en[code] = name
        missing = [c for c in sector_codes if c not in en]
        if missing:
            sys.exit(f"{names_en_file}: no English name for {', '.join(missing)}")
    fd_names_src = {}
    for r in read_csv(codes_file)[1:] if codes_file else []:
        if r[1] in ("column_fd_or_total", "col_final_demand"):
            fd_names_src[r[0]] = r[3] if len(r) >= 4 and r[3] else r[2]
    n = len(sector_codes)
    Z = [[float(byrow[i][col[j]]) for j in sector_codes] for i in sector_codes]
    FD = [[float(byrow[i][col[k]]) for k in fd_cols] for i in sector_codes]
    VA = [[float(byrow[r][col[j]]) for j in sector_codes] for r in va_rows]
    output = [float(byrow[i][col[output_col]]) for i in sector_codes]
    va_en = {r[0]: r[3] for r in read_csv(codes_file)[1:] if len(r) >= 4 and r[1] == "row_va_or_total"} if codes_file else {}
    va_names = [va_en.get(r) or names_ja[r] for r in va_rows]
    emp_rows = {r[0]: r for r in read_csv(emp_file)}
    eh = emp_rows["code"]
    emp = [float(emp_rows[c][eh.index("persons_engaged_est")]) for c in sector_codes]
    names = [en.get(c, names_ja[c]) for c in sector_codes]
    meta = dict(
        name=f"Japan 2015 input-output table, {level} ({n} sectors)", country="JPN", year=2015, currency="JPY",
        unit="million JPY", price_basis="producer prices",
        import_treatment="competitive",
        source=MIC_SOURCE + (f"; {name_en}" if name_en else ""),
        licence=MIC_LICENCE,
        notes=("Competitive-import table: imports are negative final-demand columns (imports, customs duties, "
               "commodity taxes on imports). Value added includes the 家計外消費支出 (consumption outside households) row, "
               "as MIC's gross value added does. Sector names: name_local is MIC's official Japanese name; name is an "
               "English translation made by this project, not an official MIC name (Tables/sources/PROVENANCE.md, "
               "'Sector names'). Extraction: Tables/sources/PROVENANCE.md."),
        balance_tolerance=1e-6)
    write_table(tid, meta, sector_codes, names, [names_ja[c] for c in sector_codes], output, Z, fd_cols,
                [fd_names_src.get(k, k) for k in fd_cols], FD, va_rows, va_names, VA, employment=emp, roles=roles,
                employment_meta=dict(unit="persons", estimate=True, year=2015, method=EMP_NOTE))


def japan():
    codes37 = [r[0] for r in read_csv("jp_mic2015_37_codes.csv")[1:] if r[1] == "sector"]
    mic_table("jp-2015-37", "jp_mic2015_37_io_million_yen.csv", "jp_mic2015_37_codes.csv",
              "jp_employment_mic2015_37_estimated.csv", codes37,
              ["71", "72", "73", "74", "75", "76", "80", "84", "85", "86"],
              ["71", "91", "92", "93", "94", "95"], "97",
              dict(exports=["80"], imports=["84", "85", "86"], household=["72"], compensation=["91"]),
              "統合大分類37部門, from MIC's 経済波及効果簡易計算ツール (Ver.1) workbook 000629595.xlsx, sheet 取引基本表, "
              "via kenjisato/MaD @ c8c93d41", "integrated large classification")
    rows13 = read_csv("jp_mic2015_13_io_million_yen.csv")
    codes13 = [r[0] for r in rows13[1:] if r[0].isdigit()]
    mic_table("jp-2015-13", "jp_mic2015_13_io_million_yen.csv", "jp_mic2015_13_codes.csv",
              "jp_employment_mic2015_13_estimated.csv", codes13,
              ["ohcc", "hhco", "gvco", "inve", "stck", "expo", "impo", "imta", "imtx"],
              ["ohcr", "epin", "opse", "depr", "idtx", "subs"], "Total",
              dict(exports=["expo"], imports=["impo", "imta", "imtx"], household=["hhco"], compensation=["epin"]),
              "13-sector grouping aggregated from the basic table by S. Takeda (ShiroTakeda/Japanese_SAM_for_CGE @ f1c4129a, "
              "Make_IO/data_check/check_japan_2015_13x13_std.xlsx)", "13-sector grouping",
              names_en_file="jp_mic2015_13_names_en.csv")
    rows185 = read_csv("jp_mic2015_185_io_million_yen.csv")
    codes185 = [r[0] for r in rows185[1:] if r[0].isdigit()]
    mic_table("jp-2015-185", "jp_mic2015_185_io_million_yen.csv", "jp_mic2015_185_codes.csv",
              "jp_employment_mic2015_185_estimated.csv", codes185,
              ["ohcc", "hhco", "npco", "govc", "gosc", "invg", "invp", "stck", "expo", "expd", "impo", "impd", "imta",
               "imtx"],
              ["ohcr", "wage", "ssce", "othp", "opse", "depr", "drsc", "idtx", "subs"], "Total",
              dict(exports=["expo", "expd"], imports=["impo", "impd", "imta", "imtx"], household=["hhco"],
                   compensation=["wage", "ssce", "othp"]),
              "統合小分類 (MIC's 187 less the row-only scrap rows 鉄屑 and 非鉄金属屑, merged by S. Takeda), "
              "ShiroTakeda/Japanese_SAM_for_CGE @ f1c4129a, Make_IO/data_check/check_japan_2015_185x185_std.xlsx",
              "integrated small classification", names_en_file="jp_mic2015_185_names_en.csv")


# BEA 2022 summary industries (71) -> WIOD 2016 SEA groups. Where BEA and WIOD cut an activity differently,
# the WIOD codes are pooled and the pool's persons are split over its BEA industries by BEA 2022
# compensation of employees (V001). Each pool is one line: pool name, WIOD codes, BEA industries.
US_POOLS = [
    ("A01", ["A01"], ["111CA"]),
    ("A02+A03", ["A02", "A03"], ["113FF"]),
    ("B", ["B"], ["211", "212", "213"]),
    ("D35+E36", ["D35", "E36"], ["22"]),
    ("F", ["F"], ["23"]),
    ("C16", ["C16"], ["321"]),
    ("C23", ["C23"], ["327"]),
    ("C24", ["C24"], ["331"]),
    ("C25", ["C25"], ["332"]),
    ("C28+C33", ["C28", "C33"], ["333"]),  # repair and installation is inside NAICS 333/811; WIOD C33 is small
    ("C26", ["C26"], ["334"]),
    ("C27", ["C27"], ["335"]),
    ("C29", ["C29"], ["3361MV"]),
    ("C30", ["C30"], ["3364OT"]),
    ("C31_C32", ["C31_C32"], ["337", "339"]),
    ("C10-C12", ["C10-C12"], ["311FT"]),
    ("C13-C15", ["C13-C15"], ["313TT", "315AL"]),
    ("C17", ["C17"], ["322"]),
    ("C18", ["C18"], ["323"]),
    ("C19", ["C19"], ["324"]),
    ("C20+C21", ["C20", "C21"], ["325"]),
    ("C22", ["C22"], ["326"]),
    ("G", ["G45", "G46", "G47"], ["42", "441", "445", "452", "4A0"]),
    ("H49", ["H49"], ["482", "484", "485", "486"]),
    ("H50", ["H50"], ["483"]),
    ("H51", ["H51"], ["481"]),
    ("H52+H53", ["H52", "H53"], ["487OS", "493"]),  # couriers (NAICS 492) sit in 487OS
    ("J58", ["J58"], ["511"]),
    ("J59_J60+J61", ["J59_J60", "J61"], ["512", "513"]),
    ("J62_J63", ["J62_J63"], ["514", "5415"]),
    ("K64+K66", ["K64", "K66"], ["521CI", "523", "525"]),
    ("K65", ["K65"], ["524"]),
    ("L68", ["L68"], ["HS", "ORE"]),  # owner-occupied housing (HS) pays no compensation, so gets no persons
    ("M", ["M69_M70", "M71", "M72", "M73", "M74_M75"], ["5411", "5412OP", "55"]),
    ("N", ["N"], ["532RL", "561"]),
    ("E37-E39", ["E37-E39"], ["562"]),
    ("P85", ["P85"], ["61"]),
    ("Q", ["Q"], ["621", "622", "623", "624"]),
    ("I", ["I"], ["721", "722"]),
    ("R_S+T", ["R_S", "T"], ["711AS", "713", "81"]),
    # Public education, federal enterprises (USPS) and all government sit in O84 in the US SEA.
    ("O84", ["O84", "U"], ["GFGD", "GFGN", "GFE", "GSLG", "GSLE"]),
]


def united_states():
    use = read_csv("bea_summary_use_2022_pro_beforeredef_17sch_usd_million.csv")
    make = read_csv("bea_summary_make_2022_beforeredef_17sch_usd_million.csv")
    names = {r[0]: r[1] for r in read_csv("bea_summary_industrycodename_2017.csv")[1:]}
    uh = use[0]
    mh = make[0]
    industries = [c for c in uh[1:] if c not in ("Total Intermediate",) and not c.startswith("F") and not c.startswith("Total")]
    commodities = [r[0] for r in use[1:] if not r[0].startswith("V0") and not r[0].startswith("Total")]
    urow = {r[0]: r for r in use[1:]}
    ucol = {c: k for k, c in enumerate(uh)}
    mrow = {r[0]: r for r in make[1:]}
    mcol = {c: k for k, c in enumerate(mh)}
    assert [c for c in mh[1:] if not c.startswith("Total")] == commodities, "make/use commodity order differs"
    fd_codes = [c for c in uh if c.startswith("F") and len(c) == 4]
    n, m = len(industries), len(commodities)
    # Make matrix V (industries x commodities) and commodity output q (make column totals).
    V = [[float(mrow[i][mcol[c]]) for c in commodities] for i in industries]
    q = [sum(V[i][c] for i in range(n)) for c in range(m)]
    # Market shares D = V q^-1 (Miller & Blair eq. 5.6): share of commodity c made by industry i.
    D = [[V[i][c] / q[c] if q[c] != 0 else 0.0 for c in range(m)] for i in range(n)]
    U = [[float(urow[c][ucol[j]]) for j in industries] for c in commodities]
    E = [[float(urow[c][ucol[k]]) for k in fd_codes] for c in commodities]
    # Industry-technology assumption: industry-by-industry flows Z = D U, final demand D E (M&B section 5.3).
    Z = [[sum(D[i][c] * U[c][j] for c in range(m)) for j in range(n)] for i in range(n)]
    FD = [[sum(D[i][c] * E[c][k] for c in range(m)) for k in range(len(fd_codes))] for i in range(n)]
    va_rows = ["V001", "V002", "V003"]
    VA = [[float(urow[r][ucol[j]]) for j in industries] for r in va_rows]
    g = [float(mrow[i][mcol["Total Industry Output"]]) for i in industries]
    # Employment: WIOD SEA 2014 persons engaged by pool, split by BEA 2022 compensation (V001).
    sea = {}
    for r in read_csv("wiod2016_sea_USA_2000_2014.csv")[1:]:
        if r[3] == "2014":
            sea[r[2]] = float(r[6]) * 1000.0  # EMP, thousands of persons -> persons
    comp = dict(zip(industries, VA[0]))
    emp = {}
    covered = set()
    for pool, wiod, bea in US_POOLS:
        persons = sum(sea[w] for w in wiod)
        total_comp = sum(comp[b] for b in bea)
        for b in bea:
            emp[b] = persons * comp[b] / total_comp
        covered.update(wiod)
        for b in bea:
            assert b not in emp or True
    missing_w = [w for w in sea if w not in covered and sea[w] > 0]
    assert not missing_w, f"WIOD groups with persons not mapped: {missing_w}"
    missing_b = [b for b in industries if b not in emp]
    assert not missing_b, f"BEA industries without employment: {missing_b}"
    employment = [emp[b] for b in industries]
    fd_names = {r[0]: r[1] for r in read_csv("bea_summary_commoditycodename_2017.csv")[1:]}
    meta = dict(
        name="United States 2022 industry-by-industry table (BEA summary, 71 industries)", country="USA", year=2022,
        currency="USD", unit="million USD", price_basis="producer prices",
        import_treatment="competitive",
        source=("US Bureau of Economic Analysis, Summary Make and Use tables 2022, before redefinitions, producer prices, "
                "2017 schema (via USEPA/useeior @ 1565a70b). Industry-by-industry table derived here under the "
                "industry-technology assumption: Z = D·U, final demand D·E, with market shares D = V·q̂⁻¹ "
                "(Miller & Blair 2009, section 5.3)"),
        licence="US Government work, public domain",
        notes=("Imports are the negative final-demand column F050, allocated to industries by market share. "
               "Value added V001 compensation, V002 taxes on production and imports less subsidies, V003 gross "
               "operating surplus; total 26,006,893 million USD = 2022 GDP. BEA rounds to the million, so rows and "
               "columns balance to a few million USD."),
        balance_tolerance=1e-4)
    write_table("us-2022-71", meta, industries, [names.get(c, c) for c in industries], [names.get(c, c) for c in industries],
                g, Z, fd_codes, [fd_names.get(k, k) for k in fd_codes], FD, va_rows,
                ["Compensation of employees", "Taxes on production and imports, less subsidies", "Gross operating surplus"],
                VA, employment=employment,
                roles=dict(exports=["F040"], imports=["F050"], household=["F010"], compensation=["V001"]),
                employment_meta=dict(
                    unit="persons", estimate=True, year=2014,
                    method=("ESTIMATE: WIOD 2016 Socio-Economic Accounts, USA 2014, persons engaged (EMP; Timmer et al. "
                            "2015, doi:10.34894/PJ2M1C, CC BY 4.0), mapped to BEA summary industries by the concordance in "
                            "Tables/build/build_tables.py (US_POOLS); where WIOD and BEA cut activities differently, the "
                            "pool's persons are split by BEA 2022 compensation of employees. Persons are 2014 levels "
                            "(155.8 million) on a 2022 table: percentage job losses are meaningful; absolute losses are "
                            "in 2014 persons and understate 2022 employment.")))


if __name__ == "__main__":
    japan()
    united_states()
    sys.exit(0)
