import Foundation

/// Steps 1–4 of DYNAMICS.md for one material in one period: supply, requirement, allocation, use and
/// stocks. Returns each user's availability a_gj = use / requirement.
struct MaterialStep {
    struct Outcome {
        var availability: [Double]
        var supply: Double
        var delivered: Double
        var used: Double
        var unused: Double
        var released: Double
        var stockBefore: Double
        var stockAfter: Double
    }

    /// - Parameters: g the material, t the period, xPlan planned output (annual rates), shareAdjustment the
    ///   change in the supply share from domestic makers short of their own inputs (conversions).
    static func run(_ m: DynamicModel, _ s: inout DynamicState, g: Int, t: Int, xPlan: [Double], shareAdjustment: Double = 0) -> Outcome {
        let n = m.n
        let tl = m.timeline
        let yf = tl.yearFraction(t)
        let day = Double(tl.startDay(t))
        let mu = m.tonnes[g]
        let stockBefore = s.userStocks[g].reduce(0, +)

        // 2. Requirement, net of substitution and thrifting ε(t) = ε_max (1 − e^(−(t − t₀)/τ)), and the
        // gaps between users' stocks and their targets of n_g days.
        var eps = 0.0
        if let since = s.shortSince[g] { eps = m.substitutionCeiling[g] * (1 - exp(-(day - since) / m.substitutionDays)) }
        var rq = [Double](repeating: 0, count: n)
        var need = 0.0
        var gaps = [Double](repeating: 0, count: n)
        var gapTotal = 0.0
        for j in m.users[g] {
            let scale = m.x0[j] > 0 ? max(0, xPlan[j]) / m.x0[j] : 0
            rq[j] = mu[j] * yf * scale * (1 - eps)
            need += rq[j]
            gaps[j] = max(0, mu[j] * m.stockDays[g] / 365 - s.userStocks[g][j])
            gapTotal += gaps[j]
        }

        // 1. Supply. While any origin is cut (supply share S < 1), each origin ships its share σ_go of its
        // normal tonnes, the cut origin on its schedule φ_go(t): others do not ramp up (not for larger
        // orders either: a buyer ordering more cannot conjure tonnes), and thrifting lowers the need, not
        // the tonnes arriving. Otherwise trade follows orders: the requirement and the restocking of users'
        // gaps over the restock time. Allied tonnes come on top. At base S = 1 and orders equal requirements.
        let share = max(0, m.supplyShare[g][t] + shareAdjustment)
        let baseTonnes = m.tonnesTotal[g] * yf
        let arriving = (share < 1 - 1e-12
            ? share * baseTonnes
            : share * need + gapTotal * min(1, Double(tl.length(t)) / m.dynamicCase.restockDays)) + m.alliedTonnes[g][t]
        var q = arriving

        // National stockpile: released only while users are short, from its start day, at most its
        // weekly rate, to the named users first.
        var released = 0.0
        var delivered = [Double](repeating: 0, count: n)
        if let pile = m.stockpiles[g], day >= pile.startDay, s.nationalStock[g] > 0, need > q {
            released = min(s.nationalStock[g], pile.maxTonnesPerWeek * Double(tl.length(t)) / 7, need - q)
            s.nationalStock[g] -= released
            var left = released
            for j in pile.users where left > 0 {
                let take = min(left, rq[j])
                delivered[j] += take
                left -= take
            }
            q += left
        }

        // 3. Allocation of the remaining supply q among users' remaining requirements.
        var remaining = rq
        for j in m.users[g] { remaining[j] = max(0, rq[j] - delivered[j]) }
        let remainingNeed = remaining.reduce(0, +)
        var surplus = 0.0
        if q >= remainingNeed {
            for j in m.users[g] { delivered[j] += remaining[j] }
            surplus = q - remainingNeed
        } else {
            switch m.allocation {
            case .proportional:
                if remainingNeed > 0 { for j in m.users[g] { delivered[j] += q * remaining[j] / remainingNeed } }
            case .priority:
                var left = q
                for j in m.priorityOrder[g] where left > 0 {
                    let take = min(left, remaining[j])
                    delivered[j] += take
                    left -= take
                }
            }
        }
        // Restocking towards n_g days from the surplus only, pro rata to the gaps.
        var unused = surplus
        if surplus > 0 && gapTotal > 0 {
            let fill = min(1, surplus / gapTotal)
            for j in m.users[g] where gaps[j] > 0 { delivered[j] += gaps[j] * fill }
            unused = surplus - min(surplus, gapTotal)
        }

        // 4. Use and stocks: use = min(Rq, U + D); U ← U + D − use.
        var avail = [Double](repeating: 1, count: n)
        var used = 0.0, deliveredTotal = 0.0
        var short = false
        for j in m.users[g] {
            let have = s.userStocks[g][j] + delivered[j]
            let use = min(rq[j], have)
            s.userStocks[g][j] = max(0, have - use)
            used += use
            deliveredTotal += delivered[j]
            if rq[j] > 0 {
                avail[j] = use / rq[j]
                if avail[j] < 1 - 1e-12 { short = true }
            }
        }
        // q already holds the release the named users did not take: compare the need with arrivals plus release.
        if (short || need > arriving + released + 1e-12 * max(1, need)) && s.shortSince[g] == nil {
            s.shortSince[g] = day
        }
        return Outcome(availability: avail, supply: arriving + released, delivered: deliveredTotal, used: used,
                       unused: unused, released: released, stockBefore: stockBefore, stockAfter: s.userStocks[g].reduce(0, +))
    }
}
