import Foundation

/// A published estimate to calibrate against: value, tolerance, unit, what it measures, where it
/// comes from and the assumptions of the study that produced it.
public struct CalibrationTarget: Sendable, Equatable {
    public enum Quantity: Sendable, Equatable {
        case gdpLossPercent, gdpLoss, employmentLoss, employmentLossPercent
        case sectorOutputLossPercent(String)

        public var name: String {
            switch self {
            case .gdpLossPercent: return "gdp_loss_percent"
            case .gdpLoss: return "gdp_loss"
            case .employmentLoss: return "employment_loss"
            case .employmentLossPercent: return "employment_loss_percent"
            case .sectorOutputLossPercent: return "sector_output_loss_percent"
            }
        }
    }
    public var id: String
    public var quantity: Quantity
    public var value: Double
    public var tolerance: Double
    public var unit: String
    public var publisher: String
    public var date: String
    public var title: String
    public var location: String
    /// The study's assumptions: country, materials, origin, severity, duration, stocks, employment convention.
    public var assumptions: [(String, String)]
    public var line: Int

    public static func == (a: CalibrationTarget, b: CalibrationTarget) -> Bool {
        a.id == b.id && a.quantity == b.quantity && a.value == b.value && a.tolerance == b.tolerance
    }

    public var source: String { "\(publisher), \(date), \(title) (\(location))" }

    /// The model's value of this quantity in an outcome.
    public func modelValue(_ o: Outcome, scenario: Scenario) -> Double? {
        switch quantity {
        case .gdpLossPercent: return o.gdpLossPercent
        case .gdpLoss: return o.gdpLoss
        case .employmentLoss: return o.employmentLossTotal
        case .employmentLossPercent: return o.employmentLossPercent
        case .sectorOutputLossPercent(let code):
            guard let j = scenario.table.index(of: code) else { return nil }
            return 100 * o.outputLoss[j] / scenario.table.grossOutput[j]
        }
    }
}

public enum TargetTable {
    static let header = ["id", "quantity", "sector", "value", "tolerance", "unit", "publisher", "date", "title", "where", "country",
                         "materials", "origin", "severity", "duration_days", "stocks", "employment_convention"]

    public static func load(path: String) throws -> [CalibrationTarget] {
        let csv = try CSVFile(path: path)
        try TableLoader.expectHeader(csv, header)
        var seen: [String: Int] = [:]
        return try csv.rows.dropFirst().map { (line, f) in
            guard f.count == header.count else { throw TableLoader.ragged(csv, line, f.count, header.count) }
            func field(_ k: Int) -> String { f[k].trimmingCharacters(in: .whitespaces) }
            let id = field(0)
            guard !id.isEmpty else { throw InputError(file: path, line: line, field: "column id", "empty target id") }
            if let first = seen[id] { throw InputError(file: path, line: line, field: "column id", "duplicate target '\(id)' (first on line \(first))") }
            seen[id] = line
            let quantity: CalibrationTarget.Quantity
            switch field(1) {
            case "gdp_loss_percent": quantity = .gdpLossPercent
            case "gdp_loss": quantity = .gdpLoss
            case "employment_loss": quantity = .employmentLoss
            case "employment_loss_percent": quantity = .employmentLossPercent
            case "sector_output_loss_percent":
                guard !field(2).isEmpty else { throw InputError(file: path, line: line, field: "column sector", "a sector quantity needs the sector code") }
                quantity = .sectorOutputLossPercent(field(2))
            case let q:
                throw InputError(file: path, line: line, field: "column quantity", "unknown quantity '\(q)'; one of: gdp_loss_percent, gdp_loss, employment_loss, employment_loss_percent, sector_output_loss_percent")
            }
            let value = try CSVFile.number(f[3], path: path, line: line, column: "value")
            let tol = try CSVFile.number(f[4], path: path, line: line, column: "tolerance")
            guard tol > 0 else { throw InputError(file: path, line: line, field: "column tolerance", "must be positive, found \(f[4])") }
            for (k, name) in [(6, "publisher"), (7, "date"), (8, "title"), (9, "where")] where field(k).isEmpty {
                throw InputError(file: path, line: line, field: "column \(name)", "target '\(id)' has no source \(name): every target names its publisher, date, title and where to find it")
            }
            let assumptions = (10..<header.count).map { (header[$0], field($0)) }
            return CalibrationTarget(id: id, quantity: quantity, value: value, tolerance: tol, unit: field(5), publisher: field(6),
                                     date: field(7), title: field(8), location: field(9), assumptions: assumptions, line: line)
        }
    }
}
