import Foundation

/// The part of the economy that trades by orders and stocks (DYNAMICS.md, "The order–delivery loop"):
/// the listed essential pairs (i, j) are ordered from the buyer's demand plan and stocked; every other
/// input is bought as it is used. A′ is A with the pairs' entries taken out, so the mixed model
/// x = min(x̄, A′x + f + Σ_pairs O) counts a pair's orders, not its use, as demand on the supplier.
public struct OrderNetwork: Sendable {
    /// A′ = A − Σ_p a_p e_i e_jᵀ and the LU of I − A′ (the base LU when there are no pairs).
    public let coefficients: Matrix
    public let factorization: LUFactorization
    /// Pair indices by supplier.
    public let pairsOfSupplier: [[Int]]
    /// Sectors that buy through pairs, suppliers before their buyers (Kahn's order on the pair graph);
    /// sectors on a cycle come last, and `acyclic` says whether one sweep settles the capacities.
    public let sweepOrder: [Int]
    public let acyclic: Bool

    init(a: Matrix, base: LUFactorization, labels: [String], supplier: [Int], buyer: [Int],
         coefficient: [Double]) throws {
        let n = a.rows
        var bySupplier = [[Int]](repeating: [], count: n)
        for p in supplier.indices { bySupplier[supplier[p]].append(p) }
        pairsOfSupplier = bySupplier
        if supplier.isEmpty {
            coefficients = a
            factorization = base
        } else {
            var reduced = a
            // A pair takes its coefficient out of A (all of a_ij, or the controlled part of a cut flow).
            for p in supplier.indices {
                let i = supplier[p], j = buyer[p], left = reduced[i, j] - coefficient[p]
                reduced[i, j] = left > 1e-12 * a[i, j] ? left : 0
            }
            coefficients = reduced
            factorization = try LUFactorization(IOMath.identityMinus(reduced), labels: labels)
        }
        // Kahn's algorithm over the buyers: a buyer is ready once every supplier it buys from through a
        // pair has been placed (suppliers that buy through no pair are ready at once).
        var waiting = [Int](repeating: 0, count: n)
        var isBuyer = [Bool](repeating: false, count: n)
        var buyersOf = [[Int]](repeating: [], count: n)
        for p in supplier.indices {
            let i = supplier[p], j = buyer[p]
            isBuyer[j] = true
            buyersOf[i].append(j)
        }
        for p in supplier.indices where isBuyer[supplier[p]] { waiting[buyer[p]] += 1 }
        var ready = (0..<n).filter { isBuyer[$0] && waiting[$0] == 0 }
        var order: [Int] = []
        var placed = [Bool](repeating: false, count: n)
        while let j = ready.first {
            ready.removeFirst()
            order.append(j)
            placed[j] = true
            for k in buyersOf[j] where isBuyer[k] {
                waiting[k] -= 1
                if waiting[k] == 0 { ready.append(k) }
            }
        }
        let rest = (0..<n).filter { isBuyer[$0] && !placed[$0] }
        acyclic = rest.isEmpty
        sweepOrder = order + rest
    }
}
