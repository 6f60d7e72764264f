import Foundation

/// Carries a base table's material satellite to a split table, by code: rows of unsplit sectors are
/// kept; rows of a split parent go to its sub-industries by the national satellite of the table that
/// gave the split (tonnes by its tonnes of the same material, ratings its own), or by output shares
/// with the parent's rating where the national satellite has no row. Whatever the base satellite holds
/// (materials, essential inputs, durables, lines, conversions) is carried, so a rebuilt base satellite
/// is carried by running the split again.
public struct SatelliteSplit {
    let base: MaterialSatellite
    let baseID: String
    let nationals: [String: MaterialSatellite]
    let split: SplitTable
    let kidsOf: [String: [SplitChild]]
    let childByNational: [String: SplitChild]
    /// A pair split from a base pair is kept only where its input coefficient a_ij is at least this (the
    /// base satellite's own rule for pairs between regions, e.g. 0.001 in build_world_satellite.py).
    let pairThreshold: Double

    public init(base: MaterialSatellite, baseID: String, nationals: [String: MaterialSatellite], split: SplitTable,
                pairThreshold: Double = 0) {
        self.base = base; self.baseID = baseID; self.nationals = nationals; self.split = split
        self.pairThreshold = pairThreshold
        kidsOf = Dictionary(grouping: split.children, by: \.parent)
        var byNat: [String: SplitChild] = [:]
        for c in split.children {
            let region = split.table.sectors[split.table.index(of: c.code)!].region ?? ""
            byNat["\(c.national)|\(region)|\(c.nationalCode)"] = c
        }
        childByNational = byNat
    }

    /// The carried satellite (table id of the split table).
    public func carried() -> MaterialSatellite {
        var s = base
        s.tableID = split.table.metadata.id
        s.uses = uses()
        s.essentialInputs = essentialInputs()
        s.durables = base.durables.flatMap { kidsOf[$0].map { $0.map(\.code) } ?? [$0] }
        s.lines = lines(s.uses)
        s.conversions = conversions(s.uses)
        return s
    }

    func national(_ kids: [SplitChild]) -> MaterialSatellite? { nationals[kids[0].national] }

    func uses() -> [MaterialUse] {
        base.uses.flatMap { u -> [MaterialUse] in
            guard let kids = kidsOf[u.sector] else { return [u] }
            let natID = kids[0].national
            var fine: [String: MaterialUse] = [:]
            for r in national(kids)?.uses ?? [] where r.material == u.material && r.tonnesPerYear > 0 {
                fine[r.sector] = r
            }
            let total = kids.reduce(0) { $0 + (fine[$1.nationalCode]?.tonnesPerYear ?? 0) }
            let head = "split of \(u.sector) (\(TableWriter.number(u.tonnesPerYear)) t in satellite-\(baseID).csv)"
            if total > 0 {
                return kids.compactMap { k in
                    guard let r = fine[k.nationalCode] else { return nil }
                    return MaterialUse(material: u.material, sector: k.code,
                                       tonnesPerYear: u.tonnesPerYear * r.tonnesPerYear / total,
                                       essentiality: r.essentiality, uses: u.uses,
                                       reason: "\(head) by \(natID)'s tonnes of this material by sector; rating of "
                                           + "\(natID) sector \(k.nationalCode) "
                                           + "(Tables/materials/satellite-\(natID).csv)")
                }
            }
            return kids.map { k in
                MaterialUse(material: u.material, sector: k.code, tonnesPerYear: u.tonnesPerYear * k.share,
                            essentiality: u.essentiality, uses: u.uses,
                            reason: "\(head) by output share: \(natID) has no row of this material in these sectors; "
                                + "the parent's rating")
            }
        }
    }

    func region(_ code: String) -> String? {
        if let i = split.table.index(of: code) { return split.table.sectors[i].region }
        return kidsOf[code].flatMap { split.table.sectors[split.table.index(of: $0[0].code)!].region }
    }

    func industry(_ code: String) -> String { SectorSplit.industryKey(code, region: region(code)) }

    func flow(_ s: String, _ b: String) -> Double {
        guard let i = split.table.index(of: s), let j = split.table.index(of: b) else { return 0 }
        return split.table.transactions[i, j]
    }

    func coefficient(_ s: String, _ b: String) -> Double {
        guard let j = split.table.index(of: b), split.table.grossOutput[j] > 0 else { return 0 }
        return flow(s, b) / split.table.grossOutput[j]
    }

    /// National pairs of the kids' table, with an end in `kids` and the other end's industry `other`.
    func matches(_ kids: [SplitChild], supplier: Bool, other: String) -> [(SplitChild, Double)] {
        guard let nat = national(kids), let conc = split.concordances[kids[0].national] else { return [] }
        return kids.compactMap { k in
            let ds = nat.essentialInputs.filter {
                supplier ? ($0.supplier == k.nationalCode && conc.industryOf[$0.buyer] == other)
                         : ($0.buyer == k.nationalCode && conc.industryOf[$0.supplier] == other)
            }.map(\.days)
            return ds.min().map { (k, $0) }
        }
    }

    func sameNational(_ a: [SplitChild]?, _ b: [SplitChild]?, _ s: String, _ t: String) -> Bool {
        guard let a, let b else { return false }
        return a[0].national == b[0].national && region(s) == region(t)
    }

    func essentialInputs() -> [EssentialInput] {
        var out: [String: EssentialInput] = [:]
        func add(_ e: EssentialInput) {
            guard flow(e.supplier, e.buyer) > 0, e.supplier != e.buyer else { return }
            let key = e.supplier + "|" + e.buyer
            if let old = out[key], old.days <= e.days { return }
            out[key] = e
        }
        var order: [String] = []
        for e in base.essentialInputs {
            let ks = kidsOf[e.supplier], kb = kidsOf[e.buyer]
            if ks == nil && kb == nil { add(e); order.append(e.supplier + "|" + e.buyer); continue }
            if sameNational(ks, kb, e.supplier, e.buyer) { continue }  // the national pairs below
            let sm = ks.map { k in matches(k, supplier: true, other: industry(e.buyer)) }
            let bm = kb.map { k in matches(k, supplier: false, other: industry(e.supplier)) }
            func ends(_ kids: [SplitChild]?, _ found: [(SplitChild, Double)]?, _ own: String) -> [(String, Double)] {
                guard let kids, let found else { return [(own, e.days)] }
                return (found.isEmpty ? kids.map { ($0, e.days) } : found).map { ($0.0.code, $0.1) }
            }
            let sups = ends(ks, sm, e.supplier), buys = ends(kb, bm, e.buyer)
            for (s, ds) in sups {
                for (b, db) in buys where coefficient(s, b) >= pairThreshold {
                    let days = ks != nil && kb != nil ? e.days : (ks != nil ? ds : db)
                    let why = "split of the pair \(e.supplier) -> \(e.buyer) (\(TableWriter.number(e.days)) days, "
                        + "essential_inputs-\(baseID).csv) to the sub-industries with a national pair of that kind"
                        + " (days: the national pair's where one side is split), a_ij >= \(pairThreshold)"
                    add(EssentialInput(supplier: s, buyer: b, days: days, basis: why, inputClass: e.inputClass))
                    order.append(s + "|" + b)
                }
            }
        }
        // Pairs between sub-industries made from the same national table in the same region.
        for (natID, nat) in nationals.sorted(by: { $0.key < $1.key }) {
            for e in nat.essentialInputs {
                for r in Set(split.children.filter { $0.national == natID }.compactMap { region($0.code) }).sorted() {
                    guard let s = childByNational["\(natID)|\(r)|\(e.supplier)"],
                          let b = childByNational["\(natID)|\(r)|\(e.buyer)"] else { continue }
                    add(EssentialInput(supplier: s.code, buyer: b.code, days: e.days,
                                       basis: "\(natID) pair \(e.supplier) -> \(e.buyer) "
                                           + "(Tables/materials/essential_inputs-\(natID).csv): "
                                           + e.basis, inputClass: e.inputClass))
                    order.append(s.code + "|" + b.code)
                }
            }
        }
        var seen = Set<String>()
        return order.compactMap { k in seen.insert(k).inserted ? out[k] : nil }
    }

    func lines(_ uses: [MaterialUse]) -> [ProductLine] {
        let used = Set(uses.map { $0.sector + "|" + $0.material })
        return base.lines.flatMap { l -> [ProductLine] in
            guard let kids = kidsOf[l.sector] else { return [l] }
            return kids.flatMap { k -> [ProductLine] in
                let fine = (national(kids)?.lines ?? []).filter { $0.sector == k.nationalCode }
                if !fine.isEmpty { return [] }  // added once below
                guard l.materials.contains(where: { used.contains(k.code + "|" + $0) }) else { return [] }
                return [ProductLine(sector: k.code, line: l.line, share: l.share, materials: l.materials,
                                    basis: "split of \(l.sector)'s line (lines-\(baseID).csv): " + l.basis)]
            }
        } + split.children.flatMap { k -> [ProductLine] in
            (nationals[k.national]?.lines ?? []).filter {
                $0.sector == k.nationalCode && $0.materials.allSatisfy { used.contains(k.code + "|" + $0) }
            }
                .map { ProductLine(sector: k.code, line: $0.line, share: $0.share, materials: $0.materials,
                                   basis: "\(k.national)'s line of sector \(k.nationalCode) "
                                       + "(lines-\(k.national).csv): " + $0.basis) }
        }
    }

    func conversions(_ uses: [MaterialUse]) -> [MaterialConversion] {
        base.conversions.map { c in
            guard let kids = kidsOf[c.sector] else { return c }
            let best = kids.max { a, b in
                let ta = uses.first { $0.sector == a.code && $0.material == c.input }?.tonnesPerYear ?? 0
                let tb = uses.first { $0.sector == b.code && $0.material == c.input }?.tonnesPerYear ?? 0
                return ta < tb
            }!
            var d = c
            d.sector = best.code
            d.basis = "split of \(c.sector): the sub-industry using most \(c.input). " + c.basis
            return d
        }
    }

    /// The carried satellite as the CSV files `MaterialSatellite.shipped` reads (name, contents).
    public static func files(_ s: MaterialSatellite, id: String) -> [(name: String, contents: String)] {
        func row(_ f: [String]) -> String { f.map(TextTable.csvField).joined(separator: ",") + "\n" }
        var sat = row(["material", "sector", "tonnes_per_year", "essentiality", "uses", "reason"])
        for u in s.uses {
            sat += row([u.material, u.sector, String(format: "%.6g", u.tonnesPerYear),
                        String(format: "%.4f", u.essentiality), u.uses, u.reason])
        }
        var ess = row(["supplier", "buyer", "days", "class", "basis"])
        for e in s.essentialInputs {
            ess += row([e.supplier, e.buyer, TableWriter.number(e.days), e.inputClass.rawValue, e.basis])
        }
        var dur = row(["sector", "reason"])
        let why = "durable goods: carried from the base table's durables (the parent's or the sector's own)"
        for d in s.durables { dur += row([d, why]) }
        var out = [("satellite-\(id).csv", sat), ("essential_inputs-\(id).csv", ess), ("durables-\(id).csv", dur)]
        if !s.lines.isEmpty {
            var l = row(["sector", "line", "share", "materials", "basis"])
            for x in s.lines {
                l += row([x.sector, x.line, TableWriter.number(x.share), x.materials.joined(separator: ";"), x.basis])
            }
            out.append(("lines-\(id).csv", l))
        }
        if !s.conversions.isEmpty {
            var c = row(["product", "origin", "input", "sector", "share", "basis"])
            for x in s.conversions {
                c += row([x.product, x.origin, x.input, x.sector, TableWriter.number(x.dependentShare), x.basis])
            }
            out.append(("conversions-\(id).csv", c))
        }
        return out
    }
}
