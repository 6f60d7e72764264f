import Foundation

/// Monte Carlo over stated parameter ranges, uniform draws, one LU factorisation of I − A reused
/// across all draws (the mixed solve becomes a small Woodbury system; see `Propagator.mixedSolve`).
public struct MonteCarloResult: Sendable {
    public struct Band: Sendable { public var p5: Double; public var p50: Double; public var p95: Double }
    public struct Tornado: Sendable {
        public var parameter: String
        public var low: Double
        public var high: Double
        public var lossAtLow: Double
        public var lossAtHigh: Double
        public var basis: String
        public var swing: Double { abs(lossAtHigh - lossAtLow) }
    }
    public var caseRef: String
    public var method: String
    public var draws: Int
    public var seed: UInt64
    public var ranges: [(String, Double, Double, String)]
    public var gdpLossPercent: Band
    public var employmentLossPercent: Band?
    public var employmentLoss: Band?
    public var central: Double
    public var tornado: [Tornado]
    public var seconds: Double
}

public enum MonteCarlo {
    static func percentile(_ sorted: [Double], _ p: Double) -> Double {
        guard !sorted.isEmpty else { return .nan }
        let h = (Double(sorted.count) - 1) * p
        let lo = Int(h.rounded(.down)), hi = min(sorted.count - 1, lo + 1)
        return sorted[lo] + (h - Double(lo)) * (sorted[hi] - sorted[lo])
    }

    public static func run(scenario base: Scenario, ranges: [(String, Double, Double, String)], draws: Int, seed: UInt64,
                           progress: ((Int, Int) -> Void)? = nil) throws -> MonteCarloResult {
        var s = base
        s.propagator.baseFactorization = s.model.factorization   // the one LU, factorised when the table loaded
        let start = Date()
        func evaluate(_ values: [(String, Double)]) throws -> Outcome {
            var sc = s
            for (k, v) in values { try ParameterFile.set(k, v, in: &sc.supplyCase, strict: false) }
            return Outcome(scenario: sc, result: try sc.propagate(sc.supplyCase.method, caps: sc.shock().caps))
        }
        let central = try evaluate([]).gdpLossPercent
        var rng = SplitMix64(seed: seed)
        var gdp: [Double] = [], empPct: [Double] = [], emp: [Double] = []
        gdp.reserveCapacity(draws)
        for d in 0..<draws {
            let values = ranges.map { ($0.0, $0.1 + ($0.2 - $0.1) * rng.next()) }
            let o = try evaluate(values)
            gdp.append(o.gdpLossPercent)
            if let e = o.employmentLossPercent, let et = o.employmentLossTotal { empPct.append(e); emp.append(et) }
            if let progress, d % 50 == 0 || d == draws - 1 { progress(d + 1, draws) }
        }
        let seconds = Date().timeIntervalSince(start)
        func band(_ v: [Double]) -> MonteCarloResult.Band {
            let sorted = v.sorted()
            return .init(p5: percentile(sorted, 0.05), p50: percentile(sorted, 0.5), p95: percentile(sorted, 0.95))
        }
        var tornado: [MonteCarloResult.Tornado] = []
        for r in ranges {
            let lo = try evaluate([(r.0, r.1)]).gdpLossPercent
            let hi = try evaluate([(r.0, r.2)]).gdpLossPercent
            tornado.append(.init(parameter: r.0, low: r.1, high: r.2, lossAtLow: lo, lossAtHigh: hi, basis: r.3))
        }
        tornado.sort { $0.swing != $1.swing ? $0.swing > $1.swing : $0.parameter < $1.parameter }
        return MonteCarloResult(caseRef: base.supplyCase.id, method: base.supplyCase.method.rawValue, draws: draws, seed: seed,
                                ranges: ranges, gdpLossPercent: band(gdp), employmentLossPercent: empPct.isEmpty ? nil : band(empPct),
                                employmentLoss: emp.isEmpty ? nil : band(emp), central: central, tornado: tornado, seconds: seconds)
    }
}
