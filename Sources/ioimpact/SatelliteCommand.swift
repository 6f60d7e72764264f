import ArgumentParser
import Foundation
import IOImpact

/// `ioimpact satellite build`: a material satellite for a table of your own, from a concordance.
struct Satellite: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Material satellites for tables of your own.", subcommands: [SatelliteBuild.self])
}

struct SatelliteBuild: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Build a satellite for a table from a concordance file (docs/TABLE_FORMAT.md); "
            + "prints what is missing.",
        discussion: """
        Writes satellite-<table id>.csv beside the concordance (or --output FILE); an existing file is kept \
        unless --replace. Name it in a case with satellite = "satellite-<id>.csv" (relative to the case file).
        """)
    @Option(name: .long, help: "The table: a shipped id, a table folder, a pymrio folder or an OECD ICIO CSV.")
    var table: String
    @Option(name: .long, help: "The concordance: sector,source,source_sector,rule,basis.")
    var concordance: String
    @Option(name: .long, help: "Only these materials (comma-separated ids); all of the sources' by default.")
    var materials: String?
    @Option(name: .long, help: "Regions' own totals (material,region,tonnes_per_year,...) that scale the rows built.")
    var totals: String?
    @Option(name: .long, help: "The satellite file to write.")
    var output: String?
    @Flag(name: .long, help: "Replace the output file if it exists.")
    var replace = false
    func run() {
        do {
            let t = try TableCatalog.load(table)
            let only = materials.map { $0.split(separator: ",").map(String.init) }
            let built = try SatelliteBuilder.build(table: t, concordance: concordance, materials: only,
                                                   totals: totals)
            let dir = URL(fileURLWithPath: concordance).deletingLastPathComponent().path
            let path = output ?? dir + "/satellite-\(t.metadata.id).csv"
            try SatelliteBuilder.write(built, to: path, replace: replace)
            out(SatelliteBuilder.summary(built, table: t, path: path))
        } catch { fail(error) }
    }
}
