import Foundation

/// A product line of one sector in a run: the materials it needs (run material indices) and its share
/// of the sector's output. `share == nil` marks a line of one material that no line file groups: its
/// share is that use's essentiality e_gj, read at run time so that drawn ratings reach it.
public struct SectorLine: Sendable, Equatable {
    public var share: Double?
    public var materials: [Int]

    /// The lines of every sector: the satellite's listed lines (by material id, matched to the run
    /// material of the sector's region on a world table), then one line per remaining material use.
    static func build(table: IOTable, satellite: MaterialSatellite, materialBase: [String], tonnes: [[Double]],
                      casePath: String) throws -> [[SectorLine]] {
        let n = table.count
        var out = [[SectorLine]](repeating: [], count: n)
        var grouped = Set<Int>()  // g * n + j
        for l in satellite.lines {
            guard let j = table.index(of: l.sector) else { continue }
            let ms = (0..<materialBase.count).filter { l.materials.contains(materialBase[$0]) && tonnes[$0][j] > 0 }
            guard !ms.isEmpty else { continue }
            for g in ms { grouped.insert(g * n + j) }
            out[j].append(SectorLine(share: l.share, materials: ms))
        }
        for g in tonnes.indices {
            for j in 0..<n where tonnes[g][j] > 0 && !grouped.contains(g * n + j) {
                out[j].append(SectorLine(share: nil, materials: [g]))
            }
        }
        return out
    }

    /// The export share of each sector's final demand: the table's export columns, or on a world table
    /// the final demand of other regions. Negative entries (stock drawdowns) are left out of both sums.
    static func exportShares(_ table: IOTable) -> [Double] {
        let fd = table.finalDemand
        let cats = table.finalDemandCategories
        let regional = !table.regions.isEmpty
        return (0..<table.count).map { i in
            var total = 0.0, exported = 0.0
            let home = table.sectors[i].region
            for (k, c) in cats.enumerated() where c.role != .import {
                let v = fd[i, k]
                guard v > 0 else { continue }
                total += v
                if c.role == .export {
                    exported += v
                } else if regional, let r = home, let slash = c.code.firstIndex(of: "/"), c.code[..<slash] != r {
                    exported += v
                }
            }
            return total > 0 ? exported / total : 0
        }
    }
}

/// The engine's choices that a bridge from the second engine to this one turns off one at a time
/// (docs/METHOD.md, "From the second engine to the third"). Every reference run has all of them on.
public struct EngineSwitches: Sendable, Equatable {
    /// Materials combine by product lines (scarcest within a line, losses add across lines); off: the
    /// scarcest material over the whole sector, min_g (1 − e + e·a).
    public var productLines = true
    /// Produced inputs limit their buyers by class (critical, important); off: every listed pair critical.
    public var inputClasses = true
    /// Scarce tonnes are requested for the output a sector expects to make; off: for its orders.
    public var allocateOnExpectedOutput = true
    /// Backlog is caught up only once the sector's supply constraint has lifted, and a stated share of
    /// unmet exports is lost; off: caught up at once, every unmet order postponed.
    public var gatedRecovery = true

    public init(productLines: Bool = true, inputClasses: Bool = true, allocateOnExpectedOutput: Bool = true,
                gatedRecovery: Bool = true) {
        self.productLines = productLines
        self.inputClasses = inputClasses
        self.allocateOnExpectedOutput = allocateOnExpectedOutput
        self.gatedRecovery = gatedRecovery
    }

    /// Every switch off: the order–delivery loop alone.
    public static let loopOnly = EngineSwitches(productLines: false, inputClasses: false,
                                                allocateOnExpectedOutput: false, gatedRecovery: false)
}
