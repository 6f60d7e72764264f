import Foundation

/// Readers of Tables/materials/lever-costs.csv and lever-finance.csv: every row checked, every error
/// naming the file, the line and the column.
extension LeverCosts {
    static let costColumns = ["material", "price", "currency", "price_year", "price_source", "carrying_share_per_year",
                              "carrying_basis", "allied_premium", "premium_basis"]
    static let financeColumns = ["table", "currency", "usd_rate", "usd_rate_basis", "gdp_nominal_billion", "gdp_year",
                                 "gdp_basis", "interest_rate", "interest_basis", "years_held", "years_basis"]

    /// Rows as column → text, after checking the header.
    static func rows(_ path: String, columns: [String]) throws -> [(line: Int, get: [String: String])] {
        let csv = try CSVFile(path: path)
        guard let header = csv.rows.first else { throw InputError(file: path, "empty file") }
        guard header.fields == columns else {
            throw InputError(file: path, line: header.line, field: "header",
                             "expected columns \(columns.joined(separator: ",")), "
                             + "found \(header.fields.joined(separator: ","))")
        }
        return try csv.rows.dropFirst().map { row in
            guard row.fields.count == columns.count else {
                throw InputError(file: path, line: row.line, field: "row",
                                 "\(row.fields.count) fields, expected \(columns.count)")
            }
            return (row.line, Dictionary(uniqueKeysWithValues: zip(columns, row.fields)))
        }
    }

    static func number(_ row: (line: Int, get: [String: String]), _ column: String, path: String,
                       range: ClosedRange<Double>) throws -> Double {
        let text = row.get[column] ?? ""
        guard !text.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw InputError(file: path, line: row.line, field: "column \(column)",
                             "empty; every figure needs a value")
        }
        let v = try CSVFile.number(text, path: path, line: row.line, column: column)
        guard range.contains(v) else {
            throw InputError(file: path, line: row.line, field: "column \(column)",
                             "\(NumberFormat.significant(v)) is outside "
                             + "[\(NumberFormat.significant(range.lowerBound)), "
                             + "\(NumberFormat.significant(range.upperBound))]")
        }
        return v
    }

    static func text(_ row: (line: Int, get: [String: String]), _ column: String, path: String) throws -> String {
        let t = (row.get[column] ?? "").trimmingCharacters(in: .whitespaces)
        guard !t.isEmpty else {
            throw InputError(file: path, line: row.line, field: "column \(column)",
                             "needs a source or a stated assumption")
        }
        return t
    }

    static func loadMaterials(_ path: String) throws -> [MaterialCost] {
        var out: [MaterialCost] = []
        for r in try rows(path, columns: costColumns) {
            let id = try text(r, "material", path: path)
            guard !out.contains(where: { $0.material == id }) else {
                throw InputError(file: path, line: r.line, field: "column material", "'\(id)' is listed twice")
            }
            let price = try number(r, "price", path: path, range: 1e-9...1e9)
            let year = try text(r, "price_year", path: path)
            out.append(MaterialCost(
                material: id, price: price, currency: try text(r, "currency", path: path),
                priceBasis: "\(year): " + (try text(r, "price_source", path: path)),
                carryingShare: try number(r, "carrying_share_per_year", path: path, range: 0...1),
                carryingBasis: try text(r, "carrying_basis", path: path),
                alliedPremium: try number(r, "allied_premium", path: path, range: 0...1e9),
                premiumBasis: try text(r, "premium_basis", path: path)))
        }
        return out
    }

    static func loadFinance(_ path: String, table: String) throws -> LeverFinance {
        let all = try rows(path, columns: financeColumns)
        guard let r = all.first(where: { $0.get["table"] == table }) else {
            throw InputError(file: path, field: "column table",
                             "no row for table '\(table)'; tables there: "
                             + all.compactMap { $0.get["table"] }.joined(separator: ", "))
        }
        return LeverFinance(
            table: table, currency: try text(r, "currency", path: path),
            usdRate: try number(r, "usd_rate", path: path, range: 1e-6...1e6),
            usdRateBasis: try text(r, "usd_rate_basis", path: path),
            gdpNominal: try number(r, "gdp_nominal_billion", path: path, range: 1e-3...1e9) * 1e9,
            gdpYear: Int(try number(r, "gdp_year", path: path, range: 1900...2100)),
            gdpBasis: try text(r, "gdp_basis", path: path),
            interestRate: try number(r, "interest_rate", path: path, range: 0...1),
            interestBasis: try text(r, "interest_basis", path: path),
            yearsHeld: try number(r, "years_held", path: path, range: 1e-3...100),
            yearsBasis: try text(r, "years_basis", path: path))
    }
}
