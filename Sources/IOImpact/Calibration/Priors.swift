import Foundation

/// A physical parameter's prior (Tables/calibration/priors.csv): log-normal on days, Beta on shares
/// and ratings. The sampler works on the unconstrained z = ln x (log-normal) or z = logit x (Beta),
/// where the prior's log density (Jacobian included, constants dropped) is `logDensity(z:)`.
public struct Prior: Sendable {
    public enum Distribution: Sendable, Equatable {
        /// ln x ~ N(ln median, sigma²).
        case logNormal(median: Double, sigma: Double)
        case beta(a: Double, b: Double)
    }
    public var name: String
    public var symbol: String
    public var fields: [CaseField]
    public var distribution: Distribution
    public var unit: String
    public var basis: String
    public var line: Int

    public static let header = ["name", "symbol", "fields", "distribution", "p1", "p2", "unit", "basis"]

    public func value(z: Double) -> Double {
        switch distribution {
        case .logNormal: return exp(z)
        case .beta: return 1 / (1 + exp(-z))
        }
    }

    public func z(value x: Double) -> Double {
        switch distribution {
        case .logNormal: return log(x)
        case .beta: return log(x / (1 - x))
        }
    }

    /// log p(z) up to a constant: the density of the transformed parameter.
    public func logDensity(z: Double) -> Double {
        switch distribution {
        case .logNormal(let median, let sigma):
            let u = (z - log(median)) / sigma
            return -0.5 * u * u
        case .beta(let a, let b):
            // x = logistic(z), dx/dz = x(1 − x): p(z) ∝ x^a (1 − x)^b. ln x = −softplus(−z).
            let lnX = -softplus(-z), ln1mX = -softplus(z)
            return a * lnX + b * ln1mX
        }
    }

    func softplus(_ v: Double) -> Double { v > 30 ? v : log1p(exp(v)) }

    /// The prior's median in z (the sampler's start and the scale of its first proposals).
    public var zMedian: Double { z(value: quantile(0.5)) }
    /// A spread of z under the prior (its standard deviation, or near it).
    public var zScale: Double {
        switch distribution {
        case .logNormal(_, let sigma): return sigma
        case .beta(let a, let b): return (1 / a + 1 / b).squareRoot()  // sd of logit x, to first order
        }
    }

    /// The prior's p-quantile: exact for the log-normal, by the Beta's distribution function on a fine
    /// grid (a, b ≥ 1 here) for the Beta.
    public func quantile(_ p: Double) -> Double {
        switch distribution {
        case .logNormal(let median, let sigma): return median * exp(sigma * Prior.normalQuantile(p))
        case .beta(let a, let b): return Prior.betaQuantile(p, a, b)
        }
    }

    /// Acklam's rational approximation of the standard normal quantile (relative error < 1.2e-9).
    public static func normalQuantile(_ p: Double) -> Double {
        let a = [
            -3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02,
            -3.066479806614716e+01, 2.506628277459239e+00,
        ]
        let b = [
            -5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01,
            -1.328068155288572e+01,
        ]
        let c = [
            -7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00,
            4.374664141464968e+00, 2.938163982698783e+00,
        ]
        let d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00]
        let lo = 0.02425
        if p < lo {
            let q = (-2 * log(p)).squareRoot()
            return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
        }
        if p > 1 - lo { return -normalQuantile(1 - p) }
        let q = p - 0.5, r = q * q
        return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
            / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
    }

    /// The Beta(a, b) p-quantile from its density integrated by the trapezoid rule on 20,000 cells.
    static func betaQuantile(_ p: Double, _ a: Double, _ b: Double) -> Double {
        let n = 20_000
        func pdf(_ x: Double) -> Double { x <= 0 || x >= 1 ? 0 : pow(x, a - 1) * pow(1 - x, b - 1) }
        var cdf = [Double](repeating: 0, count: n + 1)
        for k in 1...n {
            let x0 = Double(k - 1) / Double(n), x1 = Double(k) / Double(n)
            cdf[k] = cdf[k - 1] + 0.5 * (pdf(x0) + pdf(x1)) / Double(n)
        }
        let target = p * cdf[n]
        let k = cdf.firstIndex { $0 >= target } ?? n
        guard k > 0 else { return 0 }
        let f = (target - cdf[k - 1]) / max(1e-300, cdf[k] - cdf[k - 1])
        return (Double(k - 1) + f) / Double(n)
    }

    public var distributionText: String {
        switch distribution {
        case .logNormal(let m, let s):
            return "log-normal (median \(NumberFormat.significant(m, 4)), log-sd \(NumberFormat.significant(s, 3)))"
        case .beta(let a, let b): return "Beta(\(NumberFormat.significant(a, 3)), \(NumberFormat.significant(b, 3)))"
        }
    }
}

public enum PriorTable {
    /// Loads a priors file; every row needs a basis, known case fields and valid parameters.
    public static func load(path: String) throws -> [Prior] {
        let csv = try CSVFile(path: path)
        try TableLoader.expectHeader(csv, Prior.header)
        var out: [Prior] = []
        for (line, f) in csv.rows.dropFirst() {
            guard f.count == Prior.header.count else {
                throw TableLoader.ragged(csv, line, f.count, Prior.header.count)
            }
            func fail(_ column: String, _ message: String) -> InputError {
                InputError(file: path, line: line, field: "column \(column)", message)
            }
            guard !f[0].trimmingCharacters(in: .whitespaces).isEmpty else { throw fail("name", "is empty") }
            guard !f[7].trimmingCharacters(in: .whitespaces).isEmpty else {
                throw fail("basis", "is empty: state the source or the assumption")
            }
            var fields: [CaseField] = []
            for name in f[2].split(separator: ";").map({ $0.trimmingCharacters(in: .whitespaces) }) {
                guard let field = CaseField(name) else {
                    throw fail(
                        "fields",
                        "unknown case field '\(name)'; one of: \(CaseField.documented.joined(separator: ", "))")
                }
                fields.append(field)
            }
            guard !fields.isEmpty else { throw fail("fields", "names no case field") }
            let p1 = try MaterialSatellite.finiteNumber(f[4], path, line, "p1")
            let p2 = try MaterialSatellite.finiteNumber(f[5], path, line, "p2")
            guard p1 > 0 else { throw fail("p1", "must be > 0, found \(f[4])") }
            guard p2 > 0 else { throw fail("p2", "must be > 0, found \(f[5])") }
            let dist: Prior.Distribution
            switch f[3] {
            case "lognormal":
                guard fields.allSatisfy({ $0.unit == "days" }) else {
                    throw fail("distribution", "log-normal is for days")
                }
                dist = .logNormal(median: p1, sigma: p2)
            case "beta":
                guard fields.allSatisfy({ $0.domain == 0...1 }) else {
                    throw fail("distribution", "Beta is for shares and ratings")
                }
                guard p1 >= 1, p2 >= 1 else {
                    throw fail("p1", "Beta parameters must be ≥ 1 (a density with no pole)")
                }
                dist = .beta(a: p1, b: p2)
            default: throw fail("distribution", "unknown distribution '\(f[3])'; one of: lognormal, beta")
            }
            out.append(
                Prior(name: f[0], symbol: f[1], fields: fields, distribution: dist, unit: f[6], basis: f[7], line: line)
            )
        }
        guard !out.isEmpty else { throw InputError(file: path, field: "rows", "no prior") }
        return out
    }
}
