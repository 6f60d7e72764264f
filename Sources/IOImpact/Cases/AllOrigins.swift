import Foundation

/// `origin = "ALL"` on a national table: every import origin of the country's supply, not the country
/// itself (docs/CASES.md); domestic supply (Japan's own magnet makers, `origins.csv` row
/// `ndfeb_magnet,JPN,JPN`) is cut only by a cut that names it. On a world table it is a fall in world
/// supply, each region's own output included (σ = 1).
enum AllOrigins {
    /// A cut from 'ALL' beside a cut of the same material from another origin, neither naming
    /// destinations: on a world table they overlap on every region but that origin; on a national table
    /// they overlap unless the other origin is the destination itself.
    static func checkOverlaps(_ c: DynamicCase, regional: Bool, destination: String) throws {
        let all = FlowCut.allOrigins
        for (i, cut) in c.cuts.enumerated() where cut.destinations == nil {
            guard let other = c.cuts.prefix(i).first(where: {
                $0.material == cut.material && $0.destinations == nil && ($0.origin == all) != (cut.origin == all)
            }) else { continue }
            let named = cut.origin == all ? other.origin : cut.origin
            if !regional && named == destination { continue }
            throw InputError(file: c.path, line: c.keyLines["cut[\(i)].origin"], field: "key 'cut.origin'",
                             "material '\(cut.material)' is cut from '\(other.origin)' and from '\(cut.origin)' "
                                + "for the same destinations; 'ALL' already cuts every origin: "
                                + "keep one of the two cuts, or give them separate destinations")
        }
    }
}
