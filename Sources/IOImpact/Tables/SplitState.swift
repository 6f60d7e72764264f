import Foundation

/// One parent's split: the national prior, the cross-shaped balance, the new table.
struct SplitState {
    let t: IOTable
    let p: Int
    let part: SplitPart
    let region: String?
    let nat: IOTable
    /// National indices of the sub-industries, and their output shares.
    let kids: [Int]
    let shares: [Double]
    let byIndustry: [String: [Int]]
    /// Sub-industries of earlier splits: base code → (national table id, national code, parent key).
    let previous: [String: SplitChild]

    init(table: IOTable, parent: Int, part: SplitPart, previous: [SplitChild]) throws {
        t = table; p = parent; self.part = part; nat = part.national
        region = table.sectors[parent].region
        self.previous = Dictionary(uniqueKeysWithValues: previous.map { ($0.code, $0) })
        let key = SectorSplit.industryKey(table.codes[parent], region: table.sectors[parent].region)
        let groups = part.concordance.sectorsByIndustry(part.national)
        let found = groups[key] ?? []
        let natID = part.national.metadata.id, path = part.concordance.path, code = table.codes[parent]
        guard found.count >= 2 else {
            throw InputError(file: path, field: "sector \(code)",
                             "\(found.count) sector(s) of \(natID) map to industry '\(key)': a split needs two or more")
        }
        let xs = found.map { part.national.grossOutput[$0] }
        let total = xs.reduce(0, +)
        guard total > 0 else {
            throw InputError(file: path, field: "sector \(code)", "the national sectors have no output")
        }
        byIndustry = groups
        kids = found
        shares = xs.map { $0 / total }
    }

    /// Normalised weights, or the output shares where the weights are all zero.
    func normalised(_ w: [Double]) -> [Double] {
        let s = w.reduce(0, +)
        return s > 0 ? w.map { $0 / s } : shares
    }

    /// National sectors standing for base sector `j` (its industry, or itself if it is a sub-industry of
    /// the same national table in the same region).
    func nationalSectors(of j: Int) -> [Int] {
        if let c = previous[t.codes[j]], c.national == nat.metadata.id, t.sectors[j].region == region,
           let k = nat.index(of: c.nationalCode) { return [k] }
        let code = previous[t.codes[j]]?.parent ?? t.codes[j]
        return byIndustry[SectorSplit.industryKey(code, region: t.sectors[j].region)] ?? []
    }

    var nationalExports: [Double] {
        let e = nat.exports
        return kids.map { abs(e[$0]) }
    }

    /// Prior shares of the children in the parent's sales to column j (an intermediate buyer).
    func salesShares(to j: Int) -> [Double] {
        guard t.sectors[j].region == region else { return normalised(nationalExports) }
        let cols = nationalSectors(of: j)
        return normalised(kids.map { k in cols.reduce(0) { $0 + abs(nat.transactions[k, $1]) } })
    }

    /// Prior shares in the parent's sales to final-demand category c.
    func finalDemandShares(_ c: Int) -> [Double] {
        let (r, key) = SectorSplit.categoryParts(t.finalDemandCategories[c].code)
        if r != nil && r != region { return normalised(nationalExports) }
        if let cats = part.concordance.finalDemand[key], !cats.isEmpty {
            let idx = cats.compactMap { code in nat.finalDemandCategories.firstIndex { $0.code == code } }
            return normalised(kids.map { k in idx.reduce(0) { $0 + abs(nat.finalDemand[k, $1]) } })
        }
        let d = nat.domesticFinalDemand
        return normalised(kids.map { abs(d[$0]) })
    }

    /// Prior shares of the children in the parent's purchases from row i.
    func purchaseShares(from i: Int) -> [Double] {
        let rows = nationalSectors(of: i)
        return normalised(kids.map { k in rows.reduce(0) { $0 + abs(nat.transactions[$1, k]) } })
    }

    /// Prior shares in value-added component r: national compensation, or the rest of value added.
    func valueAddedShares(_ r: Int) -> [Double] {
        let comp = t.valueAddedComponents[r].isCompensation
        let rows = nat.valueAddedComponents.indices.filter { nat.valueAddedComponents[$0].isCompensation == comp }
        return normalised(kids.map { k in abs(rows.reduce(0) { $0 + nat.valueAddedRows[$1, k] }) })
    }

    func cornerShares() -> [[Double]] {
        let w = kids.map { k in kids.map { l in abs(nat.transactions[k, l]) } }
        let s = w.joined().reduce(0, +)
        return s > 0 ? w.map { $0.map { $0 / s } } : shares.map { a in shares.map { a * $0 } }
    }

    /// Balances the prior and builds the table with the parent replaced by its children.
    mutating func run(tolerance: Double) throws -> (IOTable, [SplitChild], SplitBalance) {
        let n = t.count, m = kids.count, f = t.finalDemand.columns, nv = t.valueAddedRows.rows
        let others = (0..<n).filter { $0 != p }
        // Cross-shaped matrix: rows = children, other sectors, value-added rows; columns = children,
        // other sectors, final-demand categories.
        let rowsW = m + others.count + nv, colsW = m + others.count + f
        var cells: [Biproportional.Cell] = []
        let corner = cornerShares()
        let zpp = t.transactions[p, p]
        for a in 0..<m { for b in 0..<m { cells.append(.init(row: a, column: b, value: zpp * corner[a][b])) } }
        for (o, j) in others.enumerated() where t.transactions[p, j] != 0 {
            for (a, s) in salesShares(to: j).enumerated() {
                cells.append(.init(row: a, column: m + o, value: t.transactions[p, j] * s))
            }
        }
        for c in 0..<f where t.finalDemand[p, c] != 0 {
            for (a, s) in finalDemandShares(c).enumerated() {
                cells.append(.init(row: a, column: m + others.count + c, value: t.finalDemand[p, c] * s))
            }
        }
        for (o, i) in others.enumerated() where t.transactions[i, p] != 0 {
            for (a, s) in purchaseShares(from: i).enumerated() {
                cells.append(.init(row: m + o, column: a, value: t.transactions[i, p] * s))
            }
        }
        for r in 0..<nv where t.valueAddedRows[r, p] != 0 {
            for (a, s) in valueAddedShares(r).enumerated() {
                cells.append(.init(row: m + others.count + r, column: a, value: t.valueAddedRows[r, p] * s))
            }
        }
        let rowTotal = (0..<n).reduce(0) { $0 + t.transactions[p, $1] }
            + (0..<f).reduce(0) { $0 + t.finalDemand[p, $1] }
        let colTotal = (0..<n).reduce(0) { $0 + t.transactions[$1, p] }
            + (0..<nv).reduce(0) { $0 + t.valueAddedRows[$1, p] }
        let u = shares.map { $0 * rowTotal } + others.map { t.transactions[$0, p] }
            + (0..<nv).map { t.valueAddedRows[$0, p] }
        let v = shares.map { $0 * colTotal } + others.map { t.transactions[p, $0] }
            + (0..<f).map { t.finalDemand[p, $0] }
        let res = try Biproportional.balance(cells: cells, rows: rowsW, columns: colsW, rowTargets: u, columnTargets: v,
                                             tolerance: tolerance)
        var w = Matrix(rows: rowsW, columns: colsW)
        for (c, x) in zip(cells, res.values) { w[c.row, c.column] += x }
        let table = build(w, others: others)
        let kidsOut = (0..<m).map { a in
            SplitChild(code: childCode(a), parent: t.codes[p], national: nat.metadata.id,
                       nationalCode: nat.codes[kids[a]], share: shares[a])
        }
        let bal = SplitBalance(parent: t.codes[p], national: nat.metadata.id, method: res.method,
                               iterations: res.iterations, maxRelativeResidual: res.maxRelativeResidual,
                               tolerance: tolerance)
        return (table, kidsOut, bal)
    }

    func childCode(_ a: Int) -> String { t.codes[p] + "." + nat.codes[kids[a]] }

    /// The new table: sectors in the old order with the children in the parent's place.
    func build(_ w: Matrix, others: [Int]) -> IOTable {
        let m = kids.count, f = t.finalDemand.columns, nv = t.valueAddedRows.rows
        // Each new sector: .old(index) or .child(a); its row and column in w.
        enum Slot { case old(Int, Int), child(Int) }
        var slots: [Slot] = []
        var o = 0
        for i in 0..<t.count {
            if i == p { slots += (0..<m).map { .child($0) } } else { slots.append(.old(i, o)); o += 1 }
        }
        let n2 = slots.count
        var z = Matrix(rows: n2, columns: n2), y = Matrix(rows: n2, columns: f), v = Matrix(rows: nv, columns: n2)
        var x = [Double](repeating: 0, count: n2)
        var e: [Double]? = t.employment.map { _ in [Double](repeating: 0, count: n2) }
        let natE = nat.employment.map { ne in normalised(kids.map { ne[$0] }) } ?? shares
        var sectors: [Sector] = []
        for (b, sb) in slots.enumerated() {
            switch sb {
            case .old(let j, let oj):
                sectors.append(t.sectors[j]); x[b] = t.grossOutput[j]; e?[b] = t.employment![j]
                for r in 0..<nv { v[r, b] = t.valueAddedRows[r, j] }
                for (a, sa) in slots.enumerated() {
                    switch sa {
                    case .old(let i, _): z[a, b] = t.transactions[i, j]
                    case .child(let k): z[a, b] = w[k, m + oj]
                    }
                }
                for c in 0..<f { y[b, c] = t.finalDemand[j, c] }
            case .child(let l):
                let k = kids[l]
                sectors.append(Sector(code: childCode(l), name: nat.sectors[k].name,
                                      localName: nat.sectors[k].localName, region: t.sectors[p].region))
                x[b] = t.grossOutput[p] * shares[l]; e?[b] = t.employment![p] * natE[l]
                for r in 0..<nv { v[r, b] = w[m + others.count + r, l] }
                for (a, sa) in slots.enumerated() {
                    switch sa {
                    case .old(_, let oi): z[a, b] = w[m + oi, l]
                    case .child(let ka): z[a, b] = w[ka, l]
                    }
                }
                for c in 0..<f { y[b, c] = w[l, m + others.count + c] }
            }
        }
        return IOTable(metadata: t.metadata, sectors: sectors, transactions: z, finalDemand: y,
                       finalDemandCategories: t.finalDemandCategories, valueAddedRows: v,
                       valueAddedComponents: t.valueAddedComponents, grossOutput: x, employment: e)
    }
}
