import Foundation

/// Persons employed, sector by sector, moving towards the labour the output needs: a partial-adjustment
/// rule with separate hiring and firing speeds, the form of the labour rule of Pichler, Pangallo,
/// del Rio-Chanona, Lafond & Farmer (JEDC 2022), on the path the engine made (docs/METHOD.md,
/// "Outcomes"). The labour the output needs is the full-time-equivalent (FTE) path l_j min(x_j(t), x⁰_j):
/// output above base (the catch-up of durables) is worked as overtime and extra shifts, as Japanese car
/// makers did after 2011 (the reference cases' recovery basis), not by hiring. Persons N_j follow it in
/// continuous time within each period,
///
///   dN_j/dt = (l_j min(x_j, x⁰_j) − N_j) / τ,
///   τ = τ_F while N_j is above the need (firing), τ_H below it (hiring),
///
/// so over a period of Δ days with x = Δ/τ the persons close a share 1 − e^(−x) of the gap by its end
/// and 1 − (1 − e^(−x))/x of it on average. τ = 0 is instant: persons equal the FTE path.
public struct Headcount: Sendable {
    /// ASSUMPTION (docs/CASES.md): workers held idle are recalled within about a month once output
    /// returns; Japanese firms keep them on the payroll (the employment adjustment subsidy), so rehiring
    /// is a recall, not a search.
    public static let defaultHiringDays = 30.0
    public static let defaultBasis = "ASSUMPTION: hiring back within about 30 days (idle workers are recalled, "
        + "not searched for); firing at the speed at which a year's constant shortfall moves the annual-average "
        + "headcount by η times the full-time-equivalent loss (η from [employment] elasticity, "
        + "Tables/materials/episodes.md (e)); employment adjusts much more slowly in Japanese than in US "
        + "manufacturing (Abraham & Houseman, J. Japanese Int. Economies 3(4), 1989)"

    /// The firing time constant (days) at which a shortfall held constant for 365 days moves the
    /// annual-average headcount by η times the FTE loss: 1 − (1 − e^(−x))/x = η with x = 365/τ_F.
    /// η ≥ 1 is instant (0 days); η ≤ 0 is the longest time constant a case accepts.
    public static func firingDays(elasticity eta: Double) -> Double {
        if eta >= 1 { return 0 }
        if eta <= 0 { return CaseFields.maxDays }
        var lo = 1e-9, hi = 1e6
        for _ in 0..<200 {
            let x = (lo * hi).squareRoot()
            if averageShare(x) < eta { lo = x } else { hi = x }
        }
        return min(CaseFields.maxDays, 365 / (lo * hi).squareRoot())
    }

    /// Share of a constant gap closed on average over a period of x time constants.
    static func averageShare(_ x: Double) -> Double {
        x.isInfinite ? 1 : 1 + expm1(-x) / x
    }

    public var hiringDays: Double
    public var firingDays: Double
    /// Persons below base (N⁰_j − N_j, period averages summed over sectors) and the FTE below base,
    /// Σ_j l_j max(0, x⁰_j − x_j), per period. With hiring at least as fast as firing (τ_H ≤ τ_F) the
    /// persons below base, summed from the start over any number of periods, never exceed the FTE below
    /// base over the same periods: each shortfall enters at the firing speed and leaves at least as fast.
    public var belowBase: [Double]
    public var fteBelowBase: [Double]
    /// Annual-average headcount change over the first twelve months (persons × days / 365), by sector,
    /// positive: fewer persons employed than at base.
    public var first12BySector: [Double]
    public var first12: Double { first12BySector.reduce(0, +) }

    /// The rule on a path; nil when the table has no employment data.
    public init?(model m: DynamicModel, path: Simulation.Path, hiringDays: Double, firingDays: Double) {
        guard let l = m.labourCoefficients else { return nil }
        self.hiringDays = hiringDays
        self.firingDays = firingDays
        let n = m.n
        let base = (0..<n).map { l[$0] * m.x0[$0] }
        var persons = base
        var below: [Double] = [], fte: [Double] = []
        var first12 = [Double](repeating: 0, count: n)
        for (t, rec) in path.periods.enumerated() {
            let days = Double(m.timeline.length(t))
            var sum = 0.0, need = 0.0
            var average = [Double](repeating: 0, count: n)
            for j in 0..<n {
                let target = l[j] * min(rec.output[j], m.x0[j])
                let tau = target < persons[j] ? firingDays : hiringDays
                let x = tau > 0 ? days / tau : Double.infinity
                let gap = target - persons[j]
                average[j] = persons[j] + gap * Self.averageShare(x)
                persons[j] += gap * (x.isInfinite ? 1 : -expm1(-x))
                sum += base[j] - average[j]
                need += base[j] - target
            }
            for (k, d) in m.timeline.monthDays(t) where k < 12 {
                for j in 0..<n { first12[j] += (base[j] - average[j]) * Double(d) / 365 }
            }
            below.append(sum)
            fte.append(need)
        }
        belowBase = below
        fteBelowBase = fte
        first12BySector = first12
    }

    /// The case's rule: its hiring days and its firing days, or those derived from its η.
    public init?(model m: DynamicModel, path: Simulation.Path) {
        let c = m.dynamicCase
        self.init(model: m, path: path, hiringDays: c.hiringDays,
                  firingDays: c.firingDays ?? Self.firingDays(elasticity: c.employmentElasticity))
    }
}
