import Foundation

/// Biproportional balancing: RAS (Stone; Miller & Blair 2009, section 7.4) and, where the matrix has
/// cells of both signs, GRAS (Junius & Oosterhaven 2003, in the form of Temurshoev, Miller &
/// Bouwmeester 2013, "A note on the GRAS method", Economic Systems Research 25).
///
/// The balanced matrix is x_ij = r_i a_ij s_j for a_ij ≥ 0 and x_ij = a_ij / (r_i s_j) for a_ij < 0, with
/// row and column sums equal to the targets. Without negative cells the row step reduces to RAS's
/// r_i = u_i / Σ_j a_ij s_j. Zero cells stay zero (structural zeros), so a row or column whose cells are
/// all zero must have a zero target. The matrix is sparse: only the cells given take part.
public enum Biproportional {
    public struct Cell: Sendable, Equatable {
        public var row: Int
        public var column: Int
        public var value: Double
        public init(row: Int, column: Int, value: Double) { self.row = row; self.column = column; self.value = value }
    }

    /// What a balancing did: the method, the iterations it took and the largest relative residual of a
    /// row or column total at the end (|sum − target| / |target|, or / the largest target for zeros).
    public struct Result: Sendable {
        public var values: [Double]
        public var method: String
        public var iterations: Int
        public var maxRelativeResidual: Double
        public var tolerance: Double
    }

    public static let defaultTolerance = 1e-10
    public static let defaultMaxIterations = 10_000

    /// Balances `cells` (rows × columns) to `rowTargets` and `columnTargets`; throws if the targets are
    /// inconsistent, a target cannot be reached by the cells' signs, or the iterations run out.
    public static func balance(cells: [Cell], rows: Int, columns: Int, rowTargets u: [Double],
                               columnTargets v: [Double], tolerance: Double = defaultTolerance,
                               maxIterations: Int = defaultMaxIterations) throws -> Result {
        guard u.count == rows, v.count == columns else {
            throw InputError(file: "balance",
                             "\(u.count) row and \(v.count) column targets for a \(rows) x \(columns) matrix")
        }
        guard (u + v + cells.map(\.value)).allSatisfy(\.isFinite) else {
            throw InputError(file: "balance", "a cell or target is NaN or infinite")
        }
        let scale = max((u + v).map(abs).max() ?? 0, .leastNormalMagnitude)
        let su = u.reduce(0, +), sv = v.reduce(0, +)
        guard abs(su - sv) <= 1e-9 * max(abs(su), abs(sv), scale) else {
            throw InputError(file: "balance", "row targets add up to \(su) but column targets to \(sv)")
        }
        let mixed = cells.contains { $0.value < 0 }
        var r = [Double](repeating: 1, count: rows), s = [Double](repeating: 1, count: columns)
        var byRow = [[Int]](repeating: [], count: rows), byColumn = [[Int]](repeating: [], count: columns)
        for (k, c) in cells.enumerated() where c.value != 0 { byRow[c.row].append(k); byColumn[c.column].append(k) }
        func residual() -> Double {
            var sr = [Double](repeating: 0, count: rows), sc = [Double](repeating: 0, count: columns)
            for c in cells where c.value != 0 {
                let x = value(c.value, r[c.row], s[c.column])
                sr[c.row] += x; sc[c.column] += x
            }
            let a = zip(sr, u).map { abs($0 - $1) / max(abs($1), 1e-9 * scale) }.max() ?? 0
            let b = zip(sc, v).map { abs($0 - $1) / max(abs($1), 1e-9 * scale) }.max() ?? 0
            return max(a, b)
        }
        var iterations = 0
        var res = residual()
        while res > tolerance {
            guard iterations < maxIterations else {
                throw InputError(file: "balance", "\(mixed ? "GRAS" : "RAS") did not converge in \(maxIterations) "
                                 + "iterations: largest relative residual \(res) against a tolerance of \(tolerance)")
            }
            for i in 0..<rows {
                let row = byRow[i].map { (cells[$0].value, s[cells[$0].column]) }
                r[i] = try multiplier(target: u[i], row, "row \(i)")
            }
            for j in 0..<columns {
                let column = byColumn[j].map { (cells[$0].value, r[cells[$0].row]) }
                s[j] = try multiplier(target: v[j], column, "column \(j)")
            }
            iterations += 1
            res = residual()
        }
        let values = cells.map { $0.value == 0 ? 0 : value($0.value, r[$0.row], s[$0.column]) }
        return Result(values: values, method: mixed ? "GRAS" : "RAS", iterations: iterations,
                      maxRelativeResidual: res, tolerance: tolerance)
    }

    /// Balances a dense matrix; its zero cells stay zero.
    public static func balance(_ a: Matrix, rowTargets u: [Double], columnTargets v: [Double],
                               tolerance: Double = defaultTolerance,
                               maxIterations: Int = defaultMaxIterations) throws -> (matrix: Matrix, result: Result) {
        var cells: [Cell] = []
        for j in 0..<a.columns {
            for i in 0..<a.rows where a[i, j] != 0 { cells.append(Cell(row: i, column: j, value: a[i, j])) }
        }
        let res = try balance(cells: cells, rows: a.rows, columns: a.columns, rowTargets: u, columnTargets: v,
                              tolerance: tolerance, maxIterations: maxIterations)
        var m = Matrix(rows: a.rows, columns: a.columns)
        for (c, x) in zip(cells, res.values) { m[c.row, c.column] = x }
        return (m, res)
    }

    @inline(__always)
    static func value(_ a: Double, _ r: Double, _ s: Double) -> Double { a > 0 ? r * a * s : a / (r * s) }

    /// The multiplier m of one row (or column) with cells a_k and the other side's multipliers o_k:
    /// m·p − n/m = target with p = Σ positive a_k o_k and n = Σ |negative a_k| / o_k.
    static func multiplier(target t: Double, _ cells: [(a: Double, other: Double)], _ what: String) throws -> Double {
        var p = 0.0, n = 0.0
        for (a, o) in cells { if a > 0 { p += a * o } else { n += -a / o } }
        if p > 0 { return (t + (t * t + 4 * p * n).squareRoot()) / (2 * p) }
        if n > 0 {
            guard t < 0 else {
                throw InputError(file: "balance", "\(what): target \(t) cannot be reached by negative cells")
            }
            return -n / t
        }
        guard t == 0 else { throw InputError(file: "balance", "\(what): target \(t) but every cell is zero") }
        return 1
    }
}
