import Foundation

/// One point of a frontier: the case run with the lever at `lever`, against the same case with the
/// lever at zero. Losses are gross (every sector-week below base); money is in units of the table's
/// currency (not millions).
public struct FrontierPoint: Sendable, Codable, Equatable {
    public var lever: Double
    /// Tonnes held (stockpile, stock days) or bought a year (allied), all materials together.
    public var tonnes: Double
    /// The loss with the lever at this point: table money (the table's prices and unit) and % of GDP.
    public var lossFirst12: Double
    public var lossFirst12Percent: Double
    public var lossTotal: Double
    public var lossTotalPercent: Double
    public var jobYearsFirst12: Double?
    /// Loss avoided against the zero lever, % of one year's GDP, and over the whole horizon in money at
    /// the cost year's nominal GDP (the % times `LeverFinance.gdpNominal`).
    public var avoidedFirst12Percent: Double
    public var avoidedTotalPercent: Double
    public var avoidedTotal: Double
    /// What the lever costs over the years held, money of the cost year and % of that year's GDP.
    public var cost: Double
    public var costPercent: Double
    /// Loss avoided over the whole horizon per unit of cost; nil when the lever costs nothing (zero).
    public var ratio: Double?
    /// The same between this point and the one before: Δ avoided / Δ cost; nil for the first point.
    public var marginalRatio: Double?
    /// Loss avoided less cost (money of the cost year).
    public var net: Double { avoidedTotal - cost }
}

/// A whole sweep, with everything a report or a page needs to say what it means.
public struct FrontierResult: Sendable, Codable, Equatable {
    public static let schemaVersion = "ioimpact-frontier/1"
    public var schema = FrontierResult.schemaVersion
    public var caseID: String
    public var caseTitle: String
    public var table: String
    /// The table's money unit ("million JPY") and price year, for the loss in table money.
    public var tableUnit: String
    public var tableYear: Int
    public var spec: FrontierSpec
    public var materials: [String]
    public var regions: [String]
    /// The case's start and horizon, and its own allocation and rationing rules (the sweep runs those).
    public var start: String
    public var horizonMonths: Int
    public var rules: String
    public var costs: LeverCosts
    /// The point with the lever at zero first, then the range.
    public var points: [FrontierPoint]

    /// "caseId" so that snake_case ("case_id") reads back (JSONDecoder's conversion gives "caseId").
    enum CodingKeys: String, CodingKey {
        case schema, caseID = "caseId", caseTitle, table, tableUnit, tableYear, spec, materials, regions, start,
             horizonMonths, rules, costs, points
    }

    /// The point with the largest loss avoided less cost (the first of equals): beyond it the next
    /// step's marginal ratio is below one. Nil when no point above zero gains more than it costs.
    public var bestIndex: Int? {
        guard points.count > 1 else { return nil }
        var best = 0
        for i in points.indices where points[i].net > points[best].net { best = i }
        return best == 0 ? nil : best
    }

    /// The first point whose step from the one before has a marginal ratio below one.
    public var firstLosingStep: Int? {
        points.indices.dropFirst().first { (points[$0].marginalRatio ?? 0) < 1 }
    }

    /// JSON with snake_case keys, sorted (byte-identical for identical inputs); an undefined ratio is
    /// absent. Schema: docs/schemas/frontier.schema.json.
    public func json() throws -> String {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        e.keyEncodingStrategy = .convertToSnakeCase
        return String(decoding: try e.encode(self), as: UTF8.self) + "\n"
    }

    /// Reads what `json()` wrote.
    public static func decode(_ data: Data) throws -> FrontierResult {
        let d = JSONDecoder()
        d.keyDecodingStrategy = .convertFromSnakeCase
        return try d.decode(FrontierResult.self, from: data)
    }
}
