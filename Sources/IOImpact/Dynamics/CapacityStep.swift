import Foundation

/// What each sector can make this period: its materials by product line, then its essential produced
/// inputs by class, swept from suppliers to buyers so that a supplier's capacity this period sets the
/// share of its orders it can deliver (DYNAMICS.md, "The order–delivery loop", step 3).
struct Capacity {
    /// x̄_j: +∞ where nothing limits the sector (it makes what it is asked).
    var caps: [Double]
    /// The material limit alone, and the material that sets it (−1 when none).
    var materialCap: [Double]
    var material: [Int]
    /// The pair whose stock sets x̄_j (−1 when none).
    var pair: [Int]
    var sweeps: Int
    /// False when a cyclic pair graph still moved after the last allowed sweep (the caps are then an
    /// upper bound; the record says so and the path tests refuse it).
    var settled: Bool
}

enum CapacityStep {
    /// The output each sector expects to make, for requesting scarce tonnes: its planned output, limited
    /// by its stocks of essential inputs and the share of orders its suppliers delivered last period.
    static func expectedOutput(_ m: DynamicModel, _ s: DynamicState, _ o: Orders, yearFraction yf: Double) -> [Double] {
        guard m.switches.allocateOnExpectedOutput else { return o.planned }
        var e = o.planned
        for j in 0..<m.n {
            for p in m.pairsOfBuyer[j] {
                e[j] = min(e[j], pairLimit(m, s, o, pair: p, share: s.deliveredShare[m.pairSupplier[p]],
                                           yearFraction: yf))
            }
        }
        return e
    }

    /// The material factor of each sector from its users' availability a_gj: with product lines,
    /// φ_j = 1 − Σ_ℓ w_ℓ (1 − min_{g∈ℓ} a_gj); without, min_g (1 − e_gj + e_gj a_gj). Also the material
    /// that costs the most.
    static func materialFactor(_ m: DynamicModel, availability: [[Double]]) -> (factor: [Double], material: [Int]) {
        var factor = [Double](repeating: 1, count: m.n), worst = [Int](repeating: -1, count: m.n)
        for j in 0..<m.n {
            var lost = 0.0, largest = 0.0
            for line in m.lines[j] {
                var a = 1.0, g = -1
                for k in line.materials where !availability[k].isEmpty && availability[k][j] < a {
                    a = availability[k][j]; g = k
                }
                guard g >= 0 else { continue }
                if m.switches.productLines {
                    let w = line.share ?? m.essentiality[line.materials[0]][j]
                    lost += w * (1 - a)
                    if w * (1 - a) > largest { largest = w * (1 - a); worst[j] = g }
                } else {
                    for k in line.materials where !availability[k].isEmpty {
                        let e = m.essentiality[k][j]
                        let l = e * (1 - availability[k][j])
                        if l > lost { lost = l; worst[j] = k }
                    }
                }
            }
            factor[j] = max(0, 1 - lost)
            if lost <= 1e-15 { worst[j] = -1 }
        }
        return (factor, worst)
    }

    /// Caps from materials (on the output requested, `basis`), then the sweep over essential pairs.
    static func capacity(_ m: DynamicModel, _ s: DynamicState, _ o: Orders, basis: [Double], factor: [Double],
                         material: [Int], rationing: RationingRule, yearFraction yf: Double) -> Capacity {
        let n = m.n
        var matCap = [Double](repeating: .infinity, count: n)
        for j in 0..<n where factor[j] < 1 - 1e-12 { matCap[j] = basis[j] * factor[j] }
        var caps = matCap
        var pairOf = [Int](repeating: -1, count: n)
        var sweeps = 0
        let order = m.network.sweepOrder
        // One sweep on an acyclic graph; on a cycle (θ pairs both ways) the caps fall geometrically to
        // their fixed point, so sweep until nothing moves, at most `maxSweeps` times.
        let maxSweeps = 1000
        var settled = true
        while sweeps < maxSweeps {
            sweeps += 1
            var moved = false
            for j in order {
                var c = matCap[j], by = -1
                for p in m.pairsOfBuyer[j] {
                    let share = deliveredShare(m, o, supplier: m.pairSupplier[p], output: caps[m.pairSupplier[p]],
                                               rule: rationing)
                    let l = pairLimit(m, s, o, pair: p, share: share, yearFraction: yf)
                    if l < c { c = l; by = p }
                }
                if caps[j] - c > 1e-12 * max(1, m.x0[j]) { moved = true }
                caps[j] = c
                pairOf[j] = by
            }
            if m.network.acyclic || !moved { break }
            if sweeps == maxSweeps { settled = false }
        }
        return Capacity(caps: caps, materialCap: matCap, material: material, pair: pairOf, sweeps: sweeps,
                        settled: settled)
    }

    /// The share of its intermediate orders supplier i delivers when it makes `output`.
    static func deliveredShare(_ m: DynamicModel, _ o: Orders, supplier i: Int, output: Double,
                               rule: RationingRule) -> Double {
        guard output.isFinite else { return 1 }
        let supply = output + max(0, -o.finalDemand[i])
        let orders = rule == .proportional ? o.received[i] : o.intermediate[i]
        return orders > 0 ? min(1, max(0, supply / orders)) : 1
    }

    /// x_j ≤ (S_p / Δ + ρ_i O_p) / a_p for a critical pair (in annual rates); an important pair binds on
    /// half of the shortfall against the buyer's planned output, a cut flow on e_p of it.
    static func pairLimit(_ m: DynamicModel, _ s: DynamicState, _ o: Orders, pair p: Int, share: Double,
                          yearFraction yf: Double) -> Double {
        let j = m.pairBuyer[p]
        let full = (s.inputInventory[p] / yf + share * o.pairOrders[p]) / m.pairCoefficient[p]
        // A cut flow binds on e_p of the shortfall (e = 1: critical); a listed pair by its class.
        let weight: Double
        if let e = m.pairEssentiality[p] {
            weight = e
        } else if m.switches.inputClasses && m.pairClass[p] == .important {
            weight = 0.5
        } else { return full }
        guard weight < 1 else { return full }
        return full >= o.planned[j] ? .infinity : o.planned[j] - weight * (o.planned[j] - full)
    }
}
