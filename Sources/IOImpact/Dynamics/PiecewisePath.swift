import Foundation

/// A piecewise-linear path of a quantity over days: flow shares, allied ramps, ...
///
/// Points are (day, value) with days non-decreasing; two points on the same day make a jump (a full
/// stop on day 0 is `[[0, 1], [0, 0]]`). Before the first point the path holds the first value, after
/// the last the last value. Periods take the path's **average** over their days (the integral divided
/// by the length), so a daily and a weekly run see the same tonnes.
public struct PiecewisePath: Sendable, Equatable {
    public var days: [Double]
    public var values: [Double]

    public init(_ points: [(Double, Double)]) {
        days = points.map(\.0)
        values = points.map(\.1)
    }

    public static func constant(_ v: Double) -> PiecewisePath { PiecewisePath([(0, v)]) }

    /// Why a list of points is not a path, or nil.
    public static func problem(_ points: [(Double, Double)]) -> String? {
        if points.isEmpty { return "needs at least one [day, value] point" }
        for k in 1..<max(1, points.count) where points[k].0 < points[k - 1].0 {
            return "days must not decrease: point \(k + 1) (day \(NumberFormat.significant(points[k].0))) comes after day \(NumberFormat.significant(points[k - 1].0))"
        }
        if points.count > 2 {
            for k in 2..<points.count where points[k].0 == points[k - 2].0 {
                return "three points on day \(NumberFormat.significant(points[k].0)); a jump needs exactly two"
            }
        }
        return nil
    }

    public func value(at day: Double) -> Double {
        if day < days[0] { return values[0] }
        // The last point at or before `day` (after a jump, the value after it).
        var k = days.count - 1
        while k > 0 && days[k] > day { k -= 1 }
        if k == days.count - 1 { return values[k] }
        let d0 = days[k], d1 = days[k + 1]
        if d1 == d0 { return values[k + 1] }
        return values[k] + (values[k + 1] - values[k]) * (day - d0) / (d1 - d0)
    }

    /// ∫ from a to b of the path, by the trapezoid on every linear piece (exact).
    public func integral(from a: Double, to b: Double) -> Double {
        guard b > a else { return 0 }
        var cuts = [a]
        for d in days where d > a && d < b { cuts.append(d) }
        cuts.append(b)
        var total = 0.0
        for k in 1..<cuts.count {
            let lo = cuts[k - 1], hi = cuts[k]
            if hi <= lo { continue }
            // Evaluate just inside the piece so that jumps at its ends take the piece's own side.
            let eps = (hi - lo) * 1e-12
            total += (value(at: lo + eps) + value(at: hi - eps)) / 2 * (hi - lo)
        }
        return total
    }

    /// The mean over [a, b).
    public func average(from a: Double, to b: Double) -> Double {
        b > a ? integral(from: a, to: b) / (b - a) : value(at: a)
    }

    /// The last day on which the path is below `level` (nil if never): where a cut ends.
    public func lastDayBelow(_ level: Double) -> Double? {
        guard values.contains(where: { $0 < level - 1e-12 }) else { return nil }
        if values.last! < level - 1e-12 { return .infinity }
        var k = values.count - 1
        while k > 0 && values[k - 1] >= level - 1e-12 { k -= 1 }
        return days[k]
    }
}
