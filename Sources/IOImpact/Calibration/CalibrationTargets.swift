import Foundation

/// A published figure the model's posterior predictive is checked against (not fitted to): which study,
/// which case reproduces its scenario, which quantity of that case's path, the value, and a tolerance.
public struct CalibrationTarget: Sendable, Equatable {
    public enum Quantity: Sendable, Equatable, CustomStringConvertible {
        /// Value added lost in the first N months of the path, % of one year's GDP.
        case gdpLossPercentFirstMonths(Int)
        /// The week (period number from 1) in which `sector` is first held by a supply constraint.
        case firstShortWeek(String)
        /// The week in which `sector` is back within 0.1% of base with no supply constraint.
        case recoveredWeek(String)

        public var description: String {
            switch self {
            case .gdpLossPercentFirstMonths(let n): return "gdp_loss_percent_first_\(n)_months"
            case .firstShortWeek: return "first_short_week"
            case .recoveredWeek: return "recovered_week"
            }
        }

        public var sector: String? {
            switch self {
            case .gdpLossPercentFirstMonths: return nil
            case .firstShortWeek(let s), .recoveredWeek(let s): return s
            }
        }
    }

    public var id: String
    /// Targets of one study are left out together in the leave-one-study-out refits.
    public var study: String
    /// A reference case id (`Tables/cases/<id>.toml`) or a path to a case file, relative to the targets file.
    public var caseRef: String
    public var quantity: Quantity
    public var value: Double
    public var tolerance: Double
    public var toleranceBasis: String
    public var unit: String
    public var source: String
    public var path: String
    public var line: Int
}

/// `Tables/calibration/targets.csv`: one target per line, every column required (docs/CASES.md).
public enum CalibrationTargets {
    public static let header = ["id", "study", "case", "quantity", "sector", "value", "tolerance", "tolerance_basis", "unit", "source"]

    public static func load(path: String) throws -> [CalibrationTarget] {
        let csv = try CSVFile(path: path)
        guard let first = csv.rows.first else { throw InputError(file: path, "empty file; the header is \(header.joined(separator: ","))") }
        let got = first.fields.map { $0.trimmingCharacters(in: .whitespaces) }
        guard got == header else {
            throw InputError(file: path, line: first.line, field: "header", "expected '\(header.joined(separator: ","))', found '\(got.joined(separator: ","))'")
        }
        var seen: [String: Int] = [:]
        var targets: [CalibrationTarget] = []
        for (line, f) in csv.rows.dropFirst() {
            guard f.count == header.count else {
                throw InputError(file: path, line: line, "has \(f.count) fields, the header has \(header.count)")
            }
            func field(_ k: Int) -> String { f[k].trimmingCharacters(in: .whitespaces) }
            func required(_ k: Int) throws -> String {
                let v = field(k)
                guard !v.isEmpty else {
                    let why = header[k] == "source" || header[k] == "tolerance_basis" ? ": every target names its source and the basis of its tolerance" : ""
                    throw InputError(file: path, line: line, field: "column \(header[k])", "is empty\(why)")
                }
                return v
            }
            func number(_ k: Int) throws -> Double {
                _ = try required(k)
                return try CSVFile.number(f[k], path: path, line: line, column: header[k])
            }
            let id = try required(0)
            if let earlier = seen[id] { throw InputError(file: path, line: line, field: "column id", "duplicate target '\(id)' (first on line \(earlier))") }
            seen[id] = line
            let sector = field(4)
            let q = try required(3)
            let quantity: CalibrationTarget.Quantity
            switch q {
            case "first_short_week", "recovered_week":
                guard !sector.isEmpty else { throw InputError(file: path, line: line, field: "column sector", "'\(q)' needs the sector code") }
                quantity = q == "first_short_week" ? .firstShortWeek(sector) : .recoveredWeek(sector)
            default:
                let parts = q.split(separator: "_")
                guard q.hasPrefix("gdp_loss_percent_first_"), q.hasSuffix("_months"), parts.count == 6,
                      let months = Int(parts[4]), (1...Timeline.maxHorizonMonths).contains(months) else {
                    throw InputError(file: path, line: line, field: "column quantity", "unknown quantity '\(q)'; one of: gdp_loss_percent_first_<N>_months (N = 1 to \(Timeline.maxHorizonMonths)), first_short_week, recovered_week")
                }
                guard sector.isEmpty else { throw InputError(file: path, line: line, field: "column sector", "'\(q)' is a national figure; leave sector empty") }
                quantity = .gdpLossPercentFirstMonths(months)
            }
            let tolerance = try number(6)
            guard tolerance > 0 else { throw InputError(file: path, line: line, field: "column tolerance", "must be positive, found \(field(6))") }
            targets.append(CalibrationTarget(
                id: id, study: try required(1), caseRef: try required(2), quantity: quantity, value: try number(5),
                tolerance: tolerance, toleranceBasis: try required(7), unit: try required(8), source: try required(9),
                path: path, line: line))
        }
        guard !targets.isEmpty else { throw InputError(file: path, "has no targets") }
        return targets
    }
}

extension CalibrationTarget.Quantity {
    /// The quantity in an outcome. A GDP loss is gross (sector-weeks below base; a rebound is not
    /// netted against it, and the studies model none). A sector that is never short (or never
    /// recovers) counts as the period after the horizon.
    public func value(in o: DynamicOutcome, model m: DynamicModel) -> Double {
        switch self {
        case .gdpLossPercentFirstMonths(let n):
            return o.months.prefix(n).map(\.grossLoss).reduce(0, +) / o.gdpBase * 100
        case .firstShortWeek(let code):
            guard let j = m.model.table.index(of: code) else { return .nan }
            return Double(o.firstShort[j].map { $0 + 1 } ?? m.timeline.periods + 1)
        case .recoveredWeek(let code):
            guard let j = m.model.table.index(of: code) else { return .nan }
            return Double(o.recovered[j].map { $0 + 1 } ?? m.timeline.periods + 1)
        }
    }
}
