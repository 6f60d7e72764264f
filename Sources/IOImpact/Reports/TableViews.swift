import Foundation

/// What `ioimpact tables`, `inspect`, `multipliers` and `inverse` print, in each format.
/// Pure functions: they do no I/O beyond what the table already holds.
public enum TableViews {
    public static func list(_ tables: [IOTable], format: OutputFormat) -> String {
        let header = ["id", "sectors", "country", "year", "unit", "import treatment", "employment", "name"]
        let rows = tables.map { t -> [String] in
            [t.metadata.id, String(t.count), t.metadata.country, String(t.metadata.year), t.metadata.unit,
             t.metadata.importTreatment.rawValue,
             t.employment == nil ? "no" : (t.metadata.employmentIsEstimate ? "estimate" : "yes"), t.metadata.name]
        }
        if format == .json {
            return JSON.array(tables.map { t in
                .object([("id", .string(t.metadata.id)), ("sectors", .number(Double(t.count))), ("country", .string(t.metadata.country)),
                         ("year", .number(Double(t.metadata.year))), ("unit", .string(t.metadata.unit)),
                         ("import_treatment", .string(t.metadata.importTreatment.rawValue)),
                         ("employment", .string(rows[tables.firstIndex { $0.metadata.id == t.metadata.id }!][6])),
                         ("name", .string(t.metadata.name)), ("source", .string(t.metadata.source)), ("licence", .string(t.metadata.licence))])
            }).render() + "\n"
        }
        return TextTable(header: header, rows: rows, rightAligned: [1, 3]).render(format)
    }

    public static func inspect(_ model: LeontiefModel, blas: String, format: OutputFormat, top: Int = 10) throws -> String {
        let t = model.table
        let m = t.metadata
        let rcond = try model.factorization.reciprocalCondition()
        let rowRes = t.rowResiduals, colRes = t.columnResiduals
        let maxRow = rowRes.enumerated().max { abs($0.element) < abs($1.element) }!
        let maxCol = colRes.enumerated().max { abs($0.element) < abs($1.element) }!
        let totalX = t.grossOutput.reduce(0, +)
        let largest = t.grossOutput.enumerated().sorted { $0.element != $1.element ? $0.element > $1.element : $0.offset < $1.offset }.prefix(top)
        let va = t.valueAdded
        let emp = t.employment
        let aColMax = t.transactions.columnSums.enumerated().map { (j, s) in t.grossOutput[j] != 0 ? s / t.grossOutput[j] : 0 }.max() ?? 0
        let invLabel = m.importTreatment == .competitive ? "I − (I − M̂)A" : "I − A"
        if format == .json {
            return JSON.object([
                ("id", .string(m.id)), ("name", .string(m.name)), ("sectors", .number(Double(t.count))),
                ("country", .string(m.country)), ("year", .number(Double(m.year))), ("unit", .string(m.unit)),
                ("price_basis", .string(m.priceBasis)), ("import_treatment", .string(m.importTreatment.rawValue)),
                ("gross_output", .number(totalX)), ("gdp", .number(t.gdp)),
                ("employment", emp.map { .number($0.reduce(0, +)) } ?? .null),
                ("employment_is_estimate", .bool(m.employmentIsEstimate)),
                ("imports", .number(t.imports.reduce(0, +))), ("exports", .number(t.exports.reduce(0, +))),
                ("max_row_residual", .object([("sector", .string(t.codes[maxRow.offset])), ("value", .number(maxRow.element))])),
                ("max_column_residual", .object([("sector", .string(t.codes[maxCol.offset])), ("value", .number(maxCol.element))])),
                ("balance_tolerance", .number(m.balanceTolerance)),
                ("max_column_sum_of_A", .number(aColMax)),
                ("condition_number_1norm", .number(1 / rcond)), ("condition_matrix", .string(invLabel)),
                ("blas", .string(blas)), ("checksum", .string(m.checksum)),
                ("source", .string(m.source)), ("licence", .string(m.licence)),
                ("largest_sectors", .array(largest.map { (i, x) in
                    .object([("code", .string(t.codes[i])), ("name", .string(t.sectors[i].name)),
                             ("name_local", SectorNames.local(t.sectors[i]).map(JSON.string) ?? .null),
                             ("gross_output", .number(x)),
                             ("value_added", .number(va[i])), ("employment", emp.map { .number($0[i]) } ?? .null)])
                })),
            ]).render() + "\n"
        }
        var facts: [[String]] = [
            ["table", "\(m.id): \(m.name)"],
            ["sectors", String(t.count)],
            ["country, year", "\(m.country), \(m.year)"],
            ["unit, prices", "\(m.unit), \(m.priceBasis)"],
            ["imports", m.importTreatment == .competitive ? "competitive (imports as negative final demand); total \(NumberFormat.grouped(t.imports.reduce(0, +)))" : "domestic flows only"],
            ["gross output", NumberFormat.grouped(totalX)],
            ["GDP (total value added)", NumberFormat.grouped(t.gdp)],
            ["exports", NumberFormat.grouped(t.exports.reduce(0, +))],
            ["employment", emp.map { NumberFormat.grouped($0.reduce(0, +)) + " persons" + (m.employmentIsEstimate ? " (estimate\(m.employmentYear.map { ", \($0) level" } ?? ""))" : "") } ?? "none"],
            ["largest row residual", "\(NumberFormat.significant(maxRow.element)) (sector \(t.codes[maxRow.offset]))"],
            ["largest column residual", "\(NumberFormat.significant(maxCol.element)) (sector \(t.codes[maxCol.offset]))"],
            ["balance tolerance", "\(m.balanceTolerance) relative"],
            ["largest column sum of A", NumberFormat.fixed(aColMax, 4)],
            ["condition number of \(invLabel)", "\(NumberFormat.significant(1 / rcond, 4)) (1-norm, LAPACK dgecon)"],
            [blas.hasPrefix("BLAS") ? "linear algebra" : "BLAS", blas],
            ["checksum (SHA-256)", m.checksum],
            ["source", m.source],
            ["licence", m.licence],
        ]
        if format == .csv {
            facts.insert(["field", "value"], at: 0)
            return facts.map { $0.map(TextTable.csvField).joined(separator: ",") }.joined(separator: "\n") + "\n"
        }
        let factTable = TextTable(header: ["", ""], rows: facts)
        let top = SectorNames.addLocalColumn(TextTable(
            header: ["code", "sector", "gross output", "value added", "employment"],
            rows: largest.map { (i, x) in
                [t.codes[i], t.sectors[i].name, NumberFormat.grouped(x), NumberFormat.grouped(va[i]),
                 emp.map { NumberFormat.grouped($0[i]) } ?? "–"]
            }, rightAligned: [2, 3, 4]), after: 1, t, indices: largest.map(\.offset))
        if format == .markdown {
            return "## \(Markdown.escapeCell(m.id))\n\n" + TextTable(header: ["field", "value"], rows: facts).markdown()
                + "\n### Largest sectors by gross output\n\n" + top.markdown()
        }
        let body = factTable.text().split(separator: "\n", omittingEmptySubsequences: false).dropFirst(2).joined(separator: "\n").trimmingCharacters(in: .newlines)
        return body + "\n\nLargest sectors by gross output (\(m.unit)):\n" + top.text()
    }

    public static func multipliers(_ model: LeontiefModel, _ mult: Multipliers, format: OutputFormat) -> String {
        let t = model.table
        var header = ["code", "sector", "output", "value_added", "income"]
        if mult.employment != nil { header.append("employment_per_million") }
        if mult.outputTypeII != nil { header += ["output_type2", "value_added_type2", "income_type2"] }
        if mult.employmentTypeII != nil { header.append("employment_type2_per_million") }
        header += ["backward_linkage", "forward_linkage"]
        // Fixed decimals for text and Markdown only (CSV and JSON carry every digit).
        func fixedRows() -> [[String]] { (0..<t.count).map { j in
            var r = [t.codes[j], t.sectors[j].name, NumberFormat.fixed(mult.output[j], 6), NumberFormat.fixed(mult.valueAdded[j], 6),
                     mult.incomeAvailable ? NumberFormat.fixed(mult.income[j], 6) : "not available"]
            if let e = mult.employment { r.append(NumberFormat.fixed(e[j], 6)) }
            if let o2 = mult.outputTypeII, let v2 = mult.valueAddedTypeII, let i2 = mult.incomeTypeII {
                r += [NumberFormat.fixed(o2[j], 6), NumberFormat.fixed(v2[j], 6), NumberFormat.fixed(i2[j], 6)]
            }
            if let e2 = mult.employmentTypeII { r.append(NumberFormat.fixed(e2[j], 6)) }
            r += [NumberFormat.fixed(mult.backwardLinkageNormalized[j], 4), NumberFormat.fixed(mult.forwardLinkageNormalized[j], 4)]
            return r
        } }
        switch format {
        case .json:
            func col(_ v: [Double]?) -> JSON { v.map { JSON.numbers($0) } ?? .null }
            return JSON.object([
                ("table", .string(t.metadata.id)),
                ("inverse", .string(t.metadata.importTreatment == .competitive ? "open-type [I − (I − M̂)A]⁻¹" : "(I − A)⁻¹")),
                ("codes", .array(t.codes.map { .string($0) })),
                ("output", col(mult.output)), ("value_added", col(mult.valueAdded)), ("income", col(mult.incomeAvailable ? mult.income : nil)),
                ("type2_basis", .string(mult.typeIIBasis)),
                ("employment", col(mult.employment)),
                ("output_type2", col(mult.outputTypeII)), ("value_added_type2", col(mult.valueAddedTypeII)),
                ("income_type2", col(mult.incomeTypeII)), ("employment_type2", col(mult.employmentTypeII)),
                ("backward_linkage", col(mult.backwardLinkage)), ("forward_linkage", col(mult.forwardLinkage)),
                ("backward_linkage_normalized", col(mult.backwardLinkageNormalized)),
                ("forward_linkage_normalized", col(mult.forwardLinkageNormalized)),
            ]).render() + "\n"
        case .csv:
            let exact: [[String]] = (0..<t.count).map { j in
                var r = [t.codes[j], t.sectors[j].name, NumberFormat.exact(mult.output[j]), NumberFormat.exact(mult.valueAdded[j]),
                         mult.incomeAvailable ? NumberFormat.exact(mult.income[j]) : "not available"]
                if let e = mult.employment { r.append(NumberFormat.exact(e[j])) }
                if let o2 = mult.outputTypeII, let v2 = mult.valueAddedTypeII, let i2 = mult.incomeTypeII {
                    r += [NumberFormat.exact(o2[j]), NumberFormat.exact(v2[j]), NumberFormat.exact(i2[j])]
                }
                if let e2 = mult.employmentTypeII { r.append(NumberFormat.exact(e2[j])) }
                r += [NumberFormat.exact(mult.backwardLinkageNormalized[j]), NumberFormat.exact(mult.forwardLinkageNormalized[j])]
                return r
            }
            return TextTable(header: header, rows: exact).csv()
        case .text, .markdown:
            let note = "Multipliers of \(t.metadata.id) per unit of final demand (\(t.metadata.importTreatment == .competitive ? "open-type inverse [I − (I − M̂)A]⁻¹: imports leak at base ratios" : "(I − A)⁻¹")). Type I: open model. \(mult.typeIIBasis). Employment in persons per \(t.metadata.unit). Linkages normalised to a mean of 1 (backward: column sums of L; forward: row sums of the Ghosh inverse).\n\n"
            return note + SectorNames.addLocalColumn(
                TextTable(header: header, rows: fixedRows(), rightAligned: Set(2..<header.count)),
                after: 1, t, indices: Array(0..<t.count)).render(format)
        }
    }

    /// The inverse as a labelled square: CSV has a header row of sector labels, then one row per sector, label first.
    public static func inverse(_ m: Matrix, labels: [String], format: OutputFormat, table: String = "", openType: Bool = false) -> String {
        switch format {
        case .csv:
            var out = TextTable.csvField("code") + "," + labels.map(TextTable.csvField).joined(separator: ",") + "\n"
            for i in 0..<m.rows {
                out += TextTable.csvField(labels[i]) + "," + m.row(i).map(NumberFormat.exact).joined(separator: ",") + "\n"
            }
            return out
        case .json:
            return JSON.object([("schema", .string("ioimpact-inverse/1")), ("table", .string(table)),
                                ("inverse", .string(openType ? "open-type [I − (I − M̂)A]⁻¹" : "(I − A)⁻¹")), ("open_type", .bool(openType)),
                                ("codes", .array(labels.map { .string($0) })), ("rows", .array((0..<m.rows).map { JSON.numbers(m.row($0)) }))]).render() + "\n"
        case .text, .markdown:
            let t = TextTable(header: ["code"] + labels, rows: (0..<m.rows).map { i in [labels[i]] + m.row(i).map { NumberFormat.fixed($0, 6) } },
                              rightAligned: Set(1...max(1, labels.count)))
            return t.render(format)
        }
    }
}
