import Foundation

/// The evidence: Japan's observed month-on-month changes of production by IIP industry over the
/// months of the 2025 episode case, against the model's change of the same industries' output.
///
/// Error model. y_im = observed change of industry i in month m (METI, seasonally adjusted, latest
/// release found) minus the trend, the mean monthly change of the total index over the months before
/// the case starts (the no-cut counterfactual: production would have kept its pre-April drift; the
/// industries' own series before April are too sparse and press-selected to give a trend each). The
/// model's change μ_im(θ) is against a flat no-cut path. y_im = μ_im(θ) + e_im, e_im ~ N(0, σ_i²)
/// independent, σ_i the standard deviation of industry i's observed changes before the case starts
/// (how much it moves in a month with no cut). Industries with fewer than three such months, or no
/// observed month within the case, are left out.
public struct EpisodeEvidence: Sendable {
    public struct Industry: Sendable {
        public var name: String
        /// Sector index and output weight.
        public var weights: [(sector: Int, weight: Double)]
        public var sigma: Double
        public var sigmaMonths: Int
    }
    public struct Observation: Sendable {
        public var industry: Int
        /// Index into the outcome's months.
        public var month: Int
        public var label: String
        public var observed: Double
        public var release: String
        public var source: String
    }
    public var caseID: String
    public var industries: [Industry]
    public var observations: [Observation]
    public var trend: Double
    public var trendMonths: Int
    public var firstMonth: String

    public static let minimumMonths = 3

    /// Observations for the IIP industries that have a concordance to the model's table.
    public static func build(
        model: DynamicModel, observed: ObservedData, industries wanted: [String]
    ) throws -> EpisodeEvidence {
        let t = model.model.table
        guard let conc = observed.concordance[t.metadata.id] else {
            throw InputError(
                file: model.dynamicCase.path, field: "table",
                "no IIP concordance for table \(t.metadata.id) in Tables/observed")
        }
        let labels = model.timeline.monthLabels
        let start = labels[0]
        func latest(_ ind: String, _ month: String) -> ObservedData.Production? { observed.change(ind, month) }
        let beforeMonths = Set(observed.production.filter { $0.month < start }.map(\.month)).sorted()
        let totals = beforeMonths.compactMap { latest("total", $0)?.changePercent }
        guard totals.count >= minimumMonths else {
            throw InputError(
                file: model.dynamicCase.path, field: "start",
                "fewer than \(minimumMonths) months of the total IIP before \(start)")
        }
        let trend = totals.reduce(0, +) / Double(totals.count)
        var inds: [Industry] = [], obs: [Observation] = []
        for name in wanted {
            let ws = conc.filter { $0.industry == name }.compactMap { w in t.index(of: w.sector).map { ($0, w.weight) }
            }
            guard !ws.isEmpty else { continue }
            let before = beforeMonths.compactMap { latest(name, $0)?.changePercent }
            guard before.count >= minimumMonths else { continue }
            let mean = before.reduce(0, +) / Double(before.count)
            let sd = (before.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(before.count - 1)).squareRoot()
            let k = inds.count
            let found = labels.enumerated().compactMap { (mi, label) -> Observation? in
                guard let p = latest(name, label), let v = p.changePercent else { return nil }
                return Observation(
                    industry: k, month: mi, label: label, observed: v, release: p.release,
                    source: p.sources.joined(separator: "; "))
            }
            guard !found.isEmpty else { continue }
            inds.append(Industry(name: name, weights: ws, sigma: sd, sigmaMonths: before.count))
            obs += found
        }
        guard !obs.isEmpty else {
            throw InputError(
                file: model.dynamicCase.path, field: "start", "no observed IIP change within the case's months")
        }
        return EpisodeEvidence(
            caseID: model.dynamicCase.id, industries: inds, observations: obs, trend: trend,
            trendMonths: totals.count, firstMonth: start)
    }

    /// The model's month-on-month change (%) of each industry's output index Σ_j w_j x_j / x⁰_j
    /// against a flat no-cut path, for every month of the outcome.
    public func modelChanges(_ o: DynamicOutcome, x0: [Double]) -> [[Double]] {
        industries.map { ind in
            let total = ind.weights.map(\.weight).reduce(0, +)
            var last = 1.0
            return o.months.map { m in
                let level =
                    ind.weights.map { (j, w) in w * (1 - m.outputLoss[j] / (x0[j] * Double(m.days) / 365)) }
                    .reduce(0, +) / total
                defer { last = level }
                return 100 * (level / last - 1)
            }
        }
    }

    /// log L = −½ Σ ((y − trend − μ) / σ)² − Σ ln σ (the constant dropped).
    public func logLikelihood(_ changes: [[Double]]) -> Double {
        var s = 0.0
        for o in observations {
            let ind = industries[o.industry]
            let r = (o.observed - trend - changes[o.industry][o.month]) / ind.sigma
            s += -0.5 * r * r - log(ind.sigma)
        }
        return s
    }
}

extension Timeline {
    /// "YYYY-MM" of every calendar month the run reports, in order.
    public var monthLabels: [String] { months.map { String(format: "%04d-%02d", $0.year, $0.month) } }
}
