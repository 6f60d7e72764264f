import Foundation

/// Monte Carlo over the fitted parameters' profile ranges and the data (origin shares, tonnages,
/// essentiality), on one resolved case whose table and LU are reused by every draw; and the tornado:
/// each factor at its two ends with the others central.
public struct CalibrationUncertainty: Sendable {
    public struct Band: Sendable, Equatable { public var p5: Double; public var p50: Double; public var p95: Double }

    public struct Bar: Sendable {
        public var factor: String
        public var lowLabel: String
        public var highLabel: String
        public var lossAtLow: Double
        public var lossAtHigh: Double
        public var swing: Double { abs(lossAtHigh - lossAtLow) }
    }

    public struct Outcome: Sendable, Equatable {
        public var gdpLossPercent: Double
        public var jobYears: Double?
        public var firstShortWeek: Double
    }

    public var caseID: String
    public var sector: String
    public var draws: Int
    public var seed: UInt64
    public var tonnageSpread: Double
    public var periods: Int
    public var central: Outcome
    public var gdpLossPercent: Band
    public var jobYears: Band?
    /// Weeks; periods + 1 stands for "not within the horizon".
    public var firstShortWeek: Band
    public var tornado: [Bar]

    /// The first twelve months of a draw (the gross loss, as the calibration's targets).
    static func measure(_ m: DynamicModel, sector j: Int) throws -> Outcome {
        let o = DynamicOutcome(model: m, path: try Simulation.run(m))
        let first = o.months.prefix(12)
        let jobs: Double? = o.labourLossBySector == nil ? nil : first.compactMap { $0.labourLoss?.reduce(0, +) }.reduce(0, +)
        return Outcome(gdpLossPercent: first.map(\.grossLoss).reduce(0, +) / o.gdpBase * 100, jobYears: jobs,
                       firstShortWeek: Double(o.firstShort[j].map { $0 + 1 } ?? m.timeline.periods + 1))
    }

    static func percentiles(_ v: [Double]) -> Band {
        let s = v.sorted()
        func q(_ p: Double) -> Double {
            let h = (Double(s.count) - 1) * p
            let lo = Int(h.rounded(.down)), hi = min(s.count - 1, lo + 1)
            return s[lo] + (h - Double(lo)) * (s[hi] - s[lo])
        }
        return Band(p5: q(0.05), p50: q(0.5), p95: q(0.95))
    }

    /// `base` is the case resolved once; `calibration` gives the fitted values and their ranges.
    public static func run(base: DynamicModel, sector code: String, calibration c: JointCalibration, draws: Int, seed: UInt64,
                           tonnageSpread: Double, progress: JointCalibration.Progress? = nil) throws -> CalibrationUncertainty {
        guard let j = base.model.table.index(of: code) else {
            throw InputError(file: base.dynamicCase.path, field: "uncertainty sector", "unknown sector '\(code)' in table \(base.model.table.metadata.id)")
        }
        let p = c.problem
        let G = base.materialCount
        let ranges = base.originShareRanges()
        func model(theta: [Double], originPosition: (Int) -> Double?, tonnage: [Double], shift: [Int]) -> DynamicModel {
            var m = base.applying(p.fields(theta))
            if !ranges.isEmpty { m = m.withOriginShares { k in originPosition(k) ?? centralPosition(k) } }
            if tonnage.contains(where: { $0 != 1 }) { m = m.scalingTonnes(tonnage) }
            if shift.contains(where: { $0 != 0 }) { m = m.shiftingEssentiality(shift) }
            return m
        }
        // The central share's position in its range, so that the central run is the case itself.
        func centralPosition(_ k: Int) -> Double {
            let dest = base.dynamicCase.destination.isEmpty ? base.model.table.metadata.country : base.dynamicCase.destination
            guard let r = ranges.first(where: { $0.material == k }),
                  let cut = base.dynamicCase.cuts.first(where: { $0.material == base.materials[k].id }),
                  let o = base.satellite.origins.first(where: { $0.material == cut.material && $0.destination == dest && $0.origin == cut.origin }) else { return 0.5 }
            return (o.share - r.low) / (r.high - r.low)
        }
        let ones = [Double](repeating: 1, count: G), zeros = [Int](repeating: 0, count: G)
        let central = try measure(model(theta: c.fit.theta, originPosition: { _ in nil }, tonnage: ones, shift: zeros), sector: j)

        var rng = SplitMix64(seed: seed)
        var gdp: [Double] = [], jobs: [Double] = [], week: [Double] = []
        for d in 0..<draws {
            let theta = c.problem.parameters.indices.map { i in c.profiles[i].rangeLow + rng.next() * (c.profiles[i].rangeHigh - c.profiles[i].rangeLow) }
            let pos = (0..<G).map { _ in rng.next() }
            let tonnage = (0..<G).map { _ in 1 - tonnageSpread + 2 * tonnageSpread * rng.next() }
            let shift = (0..<G).map { _ in min(2, Int(rng.next() * 3)) - 1 }   // −1, 0 or +1 level, equally likely
            let o = try measure(model(theta: theta, originPosition: { pos[$0] }, tonnage: tonnage, shift: shift), sector: j)
            gdp.append(o.gdpLossPercent)
            if let v = o.jobYears { jobs.append(v) }
            week.append(o.firstShortWeek)
            progress?("Monte Carlo", d + 1, draws)
        }

        // Tornado: each factor at its ends, every other factor central.
        var bars: [Bar] = []
        for (i, par) in p.parameters.enumerated() {
            var lo = c.fit.theta, hi = c.fit.theta
            lo[i] = c.profiles[i].rangeLow; hi[i] = c.profiles[i].rangeHigh
            let a = try measure(model(theta: lo, originPosition: { _ in nil }, tonnage: ones, shift: zeros), sector: j)
            let b = try measure(model(theta: hi, originPosition: { _ in nil }, tonnage: ones, shift: zeros), sector: j)
            bars.append(Bar(factor: "\(par.name) (fitted range)", lowLabel: NumberFormat.significant(lo[i], 3), highLabel: NumberFormat.significant(hi[i], 3),
                            lossAtLow: a.gdpLossPercent, lossAtHigh: b.gdpLossPercent))
        }
        if !ranges.isEmpty {
            let a = try measure(model(theta: c.fit.theta, originPosition: { _ in 0 }, tonnage: ones, shift: zeros), sector: j)
            let b = try measure(model(theta: c.fit.theta, originPosition: { _ in 1 }, tonnage: ones, shift: zeros), sector: j)
            bars.append(Bar(factor: "cut origin's share (origins.csv low–high)", lowLabel: "low", highLabel: "high", lossAtLow: a.gdpLossPercent, lossAtHigh: b.gdpLossPercent))
        }
        let a = try measure(model(theta: c.fit.theta, originPosition: { _ in nil }, tonnage: ones.map { $0 - tonnageSpread }, shift: zeros), sector: j)
        let b = try measure(model(theta: c.fit.theta, originPosition: { _ in nil }, tonnage: ones.map { $0 + tonnageSpread }, shift: zeros), sector: j)
        bars.append(Bar(factor: "material tonnages", lowLabel: "−\(NumberFormat.significant(100 * tonnageSpread, 3))%", highLabel: "+\(NumberFormat.significant(100 * tonnageSpread, 3))%",
                        lossAtLow: a.gdpLossPercent, lossAtHigh: b.gdpLossPercent))
        let e1 = try measure(model(theta: c.fit.theta, originPosition: { _ in nil }, tonnage: ones, shift: zeros.map { $0 - 1 }), sector: j)
        let e2 = try measure(model(theta: c.fit.theta, originPosition: { _ in nil }, tonnage: ones, shift: zeros.map { $0 + 1 }), sector: j)
        bars.append(Bar(factor: "essentiality ratings", lowLabel: "one level down", highLabel: "one level up", lossAtLow: e1.gdpLossPercent, lossAtHigh: e2.gdpLossPercent))
        bars.sort { $0.swing != $1.swing ? $0.swing > $1.swing : $0.factor < $1.factor }

        return CalibrationUncertainty(
            caseID: base.dynamicCase.id, sector: code, draws: draws, seed: seed, tonnageSpread: tonnageSpread, periods: base.timeline.periods,
            central: central, gdpLossPercent: percentiles(gdp), jobYears: jobs.count == gdp.count ? percentiles(jobs) : nil,
            firstShortWeek: percentiles(week), tornado: bars)
    }
}
