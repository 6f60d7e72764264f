// Benchmarks for `make bench` (never part of `make test`). Prints one JSON object per line so the
// driver script (scripts/bench.sh) can set them beside numpy/scipy and pymrio run on the same inputs.
//
//   ioimpact-bench lu DIR N...      factorise I − A (getrf) and solve 1 and 100 right-hand sides on
//                                   synthetic tables; writes each matrix to DIR/m<N>.f64 for numpy
//   ioimpact-bench dgemm N          the dgemm rate: the ceiling for LU
//   ioimpact-bench inverse FOLDER [DIR]  `ioimpact inverse` by stage: load, A + LU, getri, CSV, .npy
//   ioimpact-bench multipliers FOLDER    `ioimpact multipliers --format csv` by stage: load, A + LU, solves, CSV
//   ioimpact-bench montecarlo [N]   Monte Carlo draws per second on the 37-sector table
//   ioimpact-bench frontier         a 20-point stockpile frontier on jp-re-1y-dir: with and without the
//                                   resolve, and serial
import Foundation
import IOImpact

func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}

/// Best of `repeats` wall-clock times.
func best(_ repeats: Int, _ body: () throws -> Void) rethrows -> Double {
    var t = Double.infinity
    for _ in 0..<repeats {
        let s = now()
        try body()
        t = min(t, now() - s)
    }
    return t
}

/// A deterministic generator (SplitMix64), so Swift and numpy see the same matrices (written to disk).
struct SplitMix64 {
    var state: UInt64
    mutating func next() -> Double {
        state &+= 0x9E3779B97F4A7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
        z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
        z ^= z >> 31
        return Double(z >> 11) / Double(1 << 53)
    }
}

/// A synthetic coefficient matrix with the sparsity of real national tables: about 30% of the
/// entries non-zero, a heavy diagonal, column sums between 0.3 and 0.7 (the MIC 37-sector table:
/// 79% non-zero, column sums 0.2–1.0; the 509×391 basic table: 28% non-zero).
func syntheticIMinusA(_ n: Int, seed: UInt64) -> Matrix {
    var rng = SplitMix64(state: seed)
    var a = Matrix(rows: n, columns: n)
    for j in 0..<n {
        var col = [Double](repeating: 0, count: n)
        for i in 0..<n where rng.next() < 0.3 || i == j { col[i] = rng.next() * rng.next() * (i == j ? 20 : 1) }
        let target = 0.3 + 0.4 * rng.next()
        let s = col.reduce(0, +)
        for i in 0..<n { a[i, j] = col[i] / s * target }
    }
    return IOMath.identityMinus(a)
}

func writeColumnMajor(_ m: Matrix, to path: String) throws {
    var bytes = [UInt8]()
    bytes.reserveCapacity(m.rows * m.columns * 8)
    for j in 0..<m.columns { for i in 0..<m.rows { withUnsafeBytes(of: m[i, j].bitPattern.littleEndian) { bytes += $0 } } }
    try Data(bytes).write(to: URL(fileURLWithPath: path))
}

func emit(_ pairs: [(String, JSON)]) { print(JSON.object(pairs).render().replacingOccurrences(of: "\n", with: "").replacingOccurrences(of: "  ", with: " ")) }

let args = Array(CommandLine.arguments.dropFirst())
guard let command = args.first else {
    FileHandle.standardError.write(Data("usage: ioimpact-bench lu DIR N... | dgemm N\n".utf8)); exit(64)
}
switch command {
case "lu":
    let dir = args[1]
    for n in args.dropFirst(2).compactMap({ Int($0) }) {
        let m = syntheticIMinusA(n, seed: UInt64(n))
        try writeColumnMajor(m, to: "\(dir)/m\(n).f64")
        let repeats = n <= 1000 ? 25 : 5
        var lu: LUFactorization? = nil
        let tFactor = try best(repeats) { lu = try LUFactorization(m) }
        var rng = SplitMix64(state: 42)
        let b1 = Matrix(rowMajor: (0..<n).map { _ in [rng.next()] })
        let b100 = Matrix(rowMajor: (0..<n).map { _ in (0..<100).map { _ in rng.next() } })
        let tSolve1 = try best(repeats) { _ = try lu!.solve(b1) }
        let tSolve100 = try best(repeats) { _ = try lu!.solve(b100) }
        let x = try lu!.solve(b1)
        let residual = (m * x - b1).maxAbsDifference(Matrix(rows: n, columns: 1))
        emit([("bench", .string("lu")), ("n", .number(Double(n))), ("factor_s", .number(tFactor)),
              ("solve1_s", .number(tSolve1)), ("solve100_s", .number(tSolve100)),
              ("factor_gflops", .number(2.0 / 3.0 * pow(Double(n), 3) / tFactor / 1e9)), ("residual", .number(residual))])
    }
case "dgemm":
    let n = Int(args[1]) ?? 4000
    var rng = SplitMix64(state: 7)
    var a = Matrix(rows: n, columns: n), b = Matrix(rows: n, columns: n)
    for j in 0..<n { for i in 0..<n { a[i, j] = rng.next(); b[i, j] = rng.next() } }
    let t = best(5) { _ = a * b }
    emit([("bench", .string("dgemm")), ("n", .number(Double(n))), ("seconds", .number(t)),
          ("gflops", .number(2 * pow(Double(n), 3) / t / 1e9))])
case "inverse":
    // `ioimpact inverse` by stage on a table folder (a pymrio save_all() folder): load, A and its LU,
    // the inverse (getri), then the CSV and the .npy written to DIR, in the order the command runs them; best of three.
    let folder = args[1], dir = args.count > 2 ? args[2] : NSTemporaryDirectory()
    // Best of three runs per stage: one run alone is at the mercy of page faults and other processes.
    var tLoad = Double.infinity, tFactor = Double.infinity, tInverse = Double.infinity, tCSV = Double.infinity, tNPY = Double.infinity
    var n = 0
    for _ in 0..<3 {
        var t = now()
        let table = try TableCatalog.load(folder)
        tLoad = min(tLoad, now() - t); t = now()
        let model = try LeontiefModel(table: table)
        tFactor = min(tFactor, now() - t); t = now()
        let inv = try model.openTypeInverse()
        tInverse = min(tInverse, now() - t); t = now()
        let csv = try ByteOutput.atomicFile(dir + "/bench-inverse.csv")
        try MatrixOutput.writeCSV(inv, labels: table.codes, to: csv)
        try csv.commit()
        tCSV = min(tCSV, now() - t); t = now()
        let npy = try ByteOutput.atomicFile(dir + "/bench-inverse.npy")
        try MatrixOutput.writeNPY(inv, to: npy)
        try npy.commit()
        tNPY = min(tNPY, now() - t)
        n = table.count
        try? FileManager.default.removeItem(atPath: dir + "/bench-inverse.csv")
        try? FileManager.default.removeItem(atPath: dir + "/bench-inverse.npy")
    }
    emit([("bench", .string("inverse_stages")), ("n", .number(Double(n))), ("load_s", .number(tLoad)),
          ("factor_s", .number(tFactor)), ("inverse_s", .number(tInverse)), ("csv_s", .number(tCSV)), ("npy_s", .number(tNPY))])
case "multipliers":
    // `ioimpact multipliers FOLDER --format csv` by stage, in the order the command runs them: load
    // (parse and check), A and its LU, the multipliers (solves), the CSV rendered; best of three.
    let folder = args[1]
    var tLoad = Double.infinity, tFactor = Double.infinity, tSolve = Double.infinity, tRender = Double.infinity
    var n = 0, bytes = 0
    for _ in 0..<3 {
        var t = now()
        let table = try TableCatalog.load(folder)
        tLoad = min(tLoad, now() - t); t = now()
        let model = try LeontiefModel(table: table)
        tFactor = min(tFactor, now() - t); t = now()
        let m = try model.multipliers()
        tSolve = min(tSolve, now() - t); t = now()
        bytes = TableViews.multipliers(model, m, format: .csv).utf8.count
        tRender = min(tRender, now() - t)
        n = table.count
    }
    emit([("bench", .string("multipliers_stages")), ("n", .number(Double(n))), ("load_s", .number(tLoad)),
          ("factor_s", .number(tFactor)), ("solve_s", .number(tSolve)), ("render_s", .number(tRender)),
          ("bytes", .number(Double(bytes)))])
case "montecarlo":
    // Monte Carlo draws per second of the calibration's uncertainty on the time-stepped DIR case: each
    // draw moves origin shares, tonnages and user stocks on the resolved model (one LU reused).
    let draws = args.count > 1 ? Int(args[1]) ?? 50 : 50
    let base = try DynamicModel.resolve(try DynamicCaseLoader.load(path: try DynamicCaseLoader.casesDirectory() + "/jp-re-1y-dir.toml"))
    var rng = SplitMix64(state: 1)
    var losses: [Double] = []
    let t0 = now()
    for _ in 0..<draws {
        let m = base.applying([(.stockDays, 30 * rng.next())]).withOriginShares { _ in rng.next() }
            .scalingTonnes((0..<base.materialCount).map { _ in 0.8 + 0.4 * rng.next() })
        let o = DynamicOutcome(model: m, path: try Simulation.run(m))
        losses.append(o.months.prefix(12).map { $0.valueAddedLossTotal }.reduce(0, +) / o.gdpBase * 100)
    }
    let t = now() - t0
    losses.sort()
    emit([("bench", .string("montecarlo")), ("table", .string(base.model.table.metadata.id)), ("draws", .number(Double(draws))),
          ("seconds", .number(t)), ("draws_per_second", .number(Double(draws) / t)),
          ("method", .string("time-stepped path per draw, one LU reused")), ("p50", .number(losses[losses.count / 2]))])
case "path":
    // The time-stepped model: one weekly path over the case's horizon, compute only (the table, the
    // satellite and the LU are loaded before the clock starts), best of 5; every reference case.
    let only = Set(args.dropFirst())
    for id in try DynamicCaseLoader.shippedIDs() where only.isEmpty || only.contains(id) {
        let c = try DynamicCaseLoader.load(path: try DynamicCaseLoader.casesDirectory() + "/\(id).toml")
        let m = try DynamicModel.resolve(c)
        var iterations = 0
        let t = try best(5) {
            let p = try Simulation.run(m)
            iterations = p.periods.map(\.iterations).reduce(0, +)
        }
        emit([("bench", .string("path")), ("case", .string(id)), ("table", .string(m.model.table.metadata.id)),
              ("sectors", .number(Double(m.n))), ("periods", .number(Double(m.timeline.periods))),
              ("step_days", .number(Double(m.timeline.stepDays))), ("seconds", .number(t)),
              ("capacity_sweeps", .number(Double(iterations)))])
    }
case "frontier":
    // A 20-point stockpile frontier on jp-re-1y-dir (0 to 380 days by 20), best of 3: the whole sweep with
    // the case resolved inside, the sweep on a resolved model (parallel on every core), and the same 20
    // runs one after another on one thread (the speed-up of the parallel sweep).
    let c = try DynamicCaseLoader.load(path: try DynamicCaseLoader.casesDirectory() + "/jp-re-1y-dir.toml")
    let spec = FrontierSpec(lever: .stockpile, range: LeverRange(from: 0, to: 380, step: 20))
    let m = try DynamicModel.resolve(c)
    let costs = try LeverCosts.load(table: m.model.table.metadata.id, case: c)
    var points = 0
    let tAll = try best(3) { points = try Frontier.sweep(c, spec: spec).points.count }
    let tSweep = try best(3) { _ = try Frontier.sweep(m, spec: spec, costs: costs) }
    let targets = try m.leverTargets(spec, costs: costs)
    let models = spec.range.values.map { m.applying(spec, targets, value: $0) }
    let tSerial = try best(3) {
        try BLASRuntime.pinnedToOneThread {
            for x in models { _ = DynamicOutcome(model: x, path: try Simulation.run(x)) }
        }
    }
    emit([("bench", .string("frontier")), ("case", .string(c.id)), ("points", .number(Double(points))),
          ("cores", .number(Double(ProcessInfo.processInfo.activeProcessorCount))),
          ("with_resolve_s", .number(tAll)), ("sweep_s", .number(tSweep)), ("serial_s", .number(tSerial))])
case "parse":
    try parseBench(Array(args.dropFirst()))
default:
    FileHandle.standardError.write(Data("unknown benchmark \(command)\n".utf8)); exit(64)
}
