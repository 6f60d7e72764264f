import Foundation

/// A calendar date (proleptic Gregorian), with no time zone and no clock: reports stay deterministic.
public struct CivilDate: Sendable, Equatable, Comparable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    public init(year: Int, month: Int, day: Int) { self.year = year; self.month = month; self.day = day }

    /// Parses "YYYY-MM-DD"; nil when malformed or not a real date.
    public init?(iso: String) {
        let parts = iso.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
              (1...12).contains(m), d >= 1, d <= CivilDate.daysIn(year: y, month: m) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    public static func daysIn(year: Int, month: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 (Howard Hinnant's days_from_civil).
    public var dayNumber: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    public init(dayNumber z0: Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.init(year: yoe + era * 400 + (m <= 2 ? 1 : 0), month: m, day: d)
    }

    public func adding(days: Int) -> CivilDate { CivilDate(dayNumber: dayNumber + days) }

    public var description: String {
        String(format: "%04d-%02d-%02d", year, month, day)
    }

    public static func < (a: CivilDate, b: CivilDate) -> Bool { a.dayNumber < b.dayNumber }
}

/// The periods of a simulation: `periods` steps of `stepDays` days from `start`, and how each
/// period's days fall into calendar months and years (a week spanning two months is split by days).
public struct Timeline: Sendable, Equatable {
    public static let maxHorizonMonths = 60

    public var start: CivilDate
    public var stepDays: Int
    public var horizonMonths: Int
    /// Number of periods: the horizon in days (start to the same day `horizonMonths` later), rounded up.
    public var periods: Int
    public var horizonDays: Int

    public init(start: CivilDate, stepDays: Int, horizonMonths: Int) {
        self.start = start
        self.stepDays = stepDays
        self.horizonMonths = horizonMonths
        var y = start.year, m = start.month + horizonMonths
        while m > 12 { m -= 12; y += 1 }
        let end = CivilDate(year: y, month: m, day: min(start.day, CivilDate.daysIn(year: y, month: m)))
        horizonDays = end.dayNumber - start.dayNumber
        periods = (horizonDays + stepDays - 1) / stepDays
    }

    /// One period of `days` days: the static limit.
    public init(start: CivilDate, singlePeriodOf days: Int) {
        self.start = start
        self.stepDays = days
        self.horizonMonths = 0
        self.horizonDays = days
        self.periods = 1
    }

    /// Day offset of the start of period t.
    public func startDay(_ t: Int) -> Int { t * stepDays }

    /// Length of period t in days (the last period may be shorter).
    public func length(_ t: Int) -> Int { min(stepDays, horizonDays - t * stepDays) }

    /// Year fraction of period t: Δ/365.
    public func yearFraction(_ t: Int) -> Double { Double(length(t)) / 365 }

    /// The number of periods that start within the first `k` calendar months of the path.
    public func periods(inFirstMonths k: Int) -> Int {
        var y = start.year, m = start.month + k
        while m > 12 { m -= 12; y += 1 }
        let end = CivilDate(year: y, month: m, day: 1).dayNumber - start.dayNumber
        return (0..<periods).filter { startDay($0) < end }.count
    }

    /// Calendar months of the horizon, in order, as (year, month).
    public var months: [(year: Int, month: Int)] {
        var out: [(Int, Int)] = []
        var d = start
        let last = start.adding(days: horizonDays - 1)
        while (d.year, d.month) <= (last.year, last.month) {
            out.append((d.year, d.month))
            d = d.month == 12 ? CivilDate(year: d.year + 1, month: 1, day: 1) : CivilDate(year: d.year, month: d.month + 1, day: 1)
        }
        return out
    }

    /// For period t, the share of its days in each calendar month: (month index into `months`, days).
    public func monthDays(_ t: Int) -> [(month: Int, days: Int)] {
        let ms = months
        var out: [(Int, Int)] = []
        for k in 0..<length(t) {
            let d = start.adding(days: startDay(t) + k)
            let idx = ms.firstIndex { $0.year == d.year && $0.month == d.month }!
            if let last = out.last, last.0 == idx { out[out.count - 1].1 += 1 } else { out.append((idx, 1)) }
        }
        return out
    }
}
