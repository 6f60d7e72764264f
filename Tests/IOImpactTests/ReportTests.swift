import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import XCTest
@testable import IOImpact

/// Golden files: every reference case's report and charts, as committed in Reports/, must be what
/// the renderer produces now. Re-record with `make run` (or `swift run ioimpact reports`).
final class GoldenReportTests: XCTestCase {
    func testEveryReferenceCaseMatchesItsGoldenFiles() throws {
        var results: [RunResult] = []
        for id in try CaseLoader.shippedIDs() {
            let r = try Scenario.resolve(try CaseLoader.load(id)).run()
            results.append(r)
            for (name, contents) in ReportWriter.render(r).files {
                try compare(name: name, contents: contents)
            }
        }
        try compare(name: "README.md", contents: SummaryRenderer.render(results))
    }

    func compare(name: String, contents: String) throws {
        let path = projectRoot + "/Reports/static/" + name
        guard let golden = try? String(contentsOfFile: path, encoding: .utf8) else {
            return XCTFail("Reports/static/\(name) is missing: record it with `make run` (or `swift run ioimpact reports`)")
        }
        if golden != contents {
            let a = golden.split(separator: "\n", omittingEmptySubsequences: false)
            let b = contents.split(separator: "\n", omittingEmptySubsequences: false)
            let k = zip(a, b).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(a.count, b.count)
            let was = k < a.count ? String(a[k]) : "<end of file>"
            let now = k < b.count ? String(b[k]) : "<end of file>"
            XCTFail("Reports/static/\(name) differs from the renderer at line \(k + 1):\n- committed: \(was)\n+ rendered:  \(now)\nRe-record with `make run` (or `swift run ioimpact reports`) if the change is intended.")
        }
    }

    func testRenderingIsDeterministic() throws {
        let a = ReportWriter.render(try Scenario.resolve(try CaseLoader.load("jp-re-1y-dir")).run())
        let b = ReportWriter.render(try Scenario.resolve(try CaseLoader.load("jp-re-1y-dir")).run())
        XCTAssertEqual(a.files.map(\.contents), b.files.map(\.contents))
    }
}

/// The pure renderer on a small fixture: the three-sector textbook table with a magnet cut.
final class RendererTests: XCTestCase {
    func fixtureResult(name: String = "Manufacturing") throws -> RunResult {
        let dir = temporaryDirectory()
        try writeMillerBlairTable(to: dir + "/t", overrides: [
            "sectors.csv": "code,name,name_local,gross_output\n1,Agriculture,,1000\n2,\(name),,2000\n3,Services,,1000\n",
        ])
        let dep = "material,sector,dependence,basis\nre_magnet,2,0.5,test\n"
        var text = caseText(table: "./t", kappa: 1)
        text += "\n[[published]]\nsource = \"A | study\"\nquantity = \"gdp_loss_percent\"\nvalue = 5.0\nunit = \"%\"\n"
        return try scenario(tableDir: dir + "/t", dependence: dep, caseBody: text).run()
    }

    func testReportHasEverySection() throws {
        let r = try fixtureResult()
        let md = ReportRenderer.render(r, charts: ("s.svg", "m.svg"))
        for heading in ["## Headline", "## Model against published estimates", "## Charts", "## How the shortage spreads",
                        "## Sectors hit hardest", "## Assumptions", "## Method notes", "## Provenance", "## Appendix: every sector"] {
            XCTAssertTrue(md.contains(heading), "missing \(heading)")
        }
        XCTAssertTrue(md.contains("![GDP loss by method](m.svg)"))
        XCTAssertTrue(md.contains("Oosterhaven"), "the Ghosh caveat")
        // The headline figure is the model's own: manufacturing capped at 0.5 × 0.6 = 30%.
        XCTAssertTrue(md.contains("| 2 | Manufacturing | 30.00% |"), md)
        XCTAssertFalse(md.contains(String(Calendar.current.component(.year, from: Date()))), "no run date in a report")
    }

    func testMarkdownEscaping() throws {
        let r = try fixtureResult(name: "Pipes | and *stars* _under_ [link](x)")
        let md = ReportRenderer.render(r, charts: nil)
        XCTAssertTrue(md.contains("Pipes \\| and \\*stars\\* \\_under\\_ \\[link\\](x)"), md)
        XCTAssertTrue(md.contains("A \\| study"))
        XCTAssertEqual(Markdown.escapeCell("a|b\nc"), "a\\|b c")
        let svg = Charts.sectorLosses(r)
        XCTAssertTrue(svg.contains("Pipes | and *stars*"))
        XCTAssertFalse(svg.contains("<link"))
        XCTAssertEqual(Charts.esc("<a & \"b\">"), "&lt;a &amp; &quot;b&quot;&gt;")
    }

    func testChartsAreWellFormedSVG() throws {
        let r = try fixtureResult()
        for svg in [Charts.sectorLosses(r), Charts.methodBracket(r)] {
            XCTAssertTrue(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
            XCTAssertTrue(svg.hasSuffix("</svg>\n"))
            let parser = XMLParser(data: Data(svg.utf8))
            XCTAssertTrue(parser.parse(), "SVG does not parse: \(parser.parserError.map { "\($0)" } ?? "")")
        }
        XCTAssertTrue(Charts.methodBracket(r).contains("published 5.00%"))
    }
}

final class AtomicWriteTests: XCTestCase {
    func testFailedWriteLeavesThePreviousFileIntact() throws {
        let dir = temporaryDirectory()
        let path = dir + "/report.md"
        try writeFileAtomically("previous", to: path)
        // A directory in the way of the temporary file's rename target makes the write fail.
        let blocked = dir + "/blocked"
        try FileManager.default.createDirectory(atPath: blocked + "/report.md", withIntermediateDirectories: true)
        try "x".write(toFile: blocked + "/report.md/keep", atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try writeFileAtomically("new", to: blocked + "/report.md"))
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "previous")
        try writeFileAtomically("new", to: path)
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "new")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.contains(".tmp-") }
        XCTAssertEqual(leftovers, [], "no temporary files left behind")
    }

    func testBadCaseWritesNothing() throws {
        // The command renders everything before writing: a case that fails to resolve never reaches the writer.
        let dir = temporaryDirectory()
        let bad = dir + "/bad.toml"
        try "format = \"ioimpact-case/1\"\nid = \"bad\"\nmisspelt = 1\n".write(toFile: bad, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try Scenario.resolve(try CaseLoader.load(path: bad)))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir), ["bad.toml"])
    }
}

/// The time-stepped reports on the four-sector chain: every range sits beside a figure of its own
/// period, the backlog left at the end is reported, and dropped essential-input pairs are named.
final class DynamicReportTests: XCTestCase {
    /// A one-year cut of vehicles' material on a two-year horizon: the durable backlog is still being
    /// caught up (at most 10% above base) when the horizon ends.
    func chainRun(id: String = "chain-test", share: String = "0") throws -> DynamicRun {
        let body = cutText("[[0, 1], [0, \(share)], [365, \(share)], [365, 1]]") + "[recovery]\nbacklog_days = 90\nmax_extra = 0.1\nbasis = \"test\"\n"
        var r = try DynamicRun(model: try chainModel(horizon: 24, step: 7, body: body, uses: [("V", 100, 1), ("E", 50, 0.5)],
                                                     essential: [("E", "V", 14), ("V", "M", 14)], durables: ["V"]))
        r.model.dynamicCase.id = id
        return r
    }

    func testEachYearsRangeIsOverEveryRuleAndHoldsTheCentralValue() throws {
        let r = try chainRun()
        XCTAssertEqual(r.bracket.count, 4)
        XCTAssertEqual(r.main.years.count, 2)
        let table = DynamicViews.yearsTable(r)
        for (k, y) in r.main.years.enumerated() {
            let values = r.bracket.map { $0.years[k].gdpLossPercent }
            XCTAssertEqual(r.yearRange(k), values.min()!...values.max()!, "year \(y.year): min and max over the four rule combinations")
            XCTAssertTrue(r.yearRange(k).contains(y.gdpLossPercent), "year \(y.year): the central value lies within its year's range")
            XCTAssertEqual(table.rows[k][4], DynamicViews.rangeText(r.yearRange(k), 3))
        }
    }

    func testTheFirst12MonthsFigureStandsBesideItsOwnRange() throws {
        let r = try chainRun()
        XCTAssertTrue(r.first12Range.contains(r.main.gdpLossFirst12GrossPercent))
        XCTAssertTrue(r.totalRange.contains(r.main.gdpLossGrossPercent))
        let t = DynamicSummary.headlineTable([r])
        XCTAssertEqual(t.header[2], "GDP loss % first 12 months, gross")
        XCTAssertEqual(t.rows[0][2], NumberFormat.fixed(r.main.gdpLossFirst12GrossPercent, 2))
        XCTAssertTrue(t.header[3].contains("first 12 months"), t.header[3])
        XCTAssertEqual(t.rows[0][3], DynamicViews.rangeText(r.first12Range, 2))
        XCTAssertEqual(t.header[4], "rebound % first 12 months")
        XCTAssertEqual(t.rows[0][4], NumberFormat.fixed(r.main.reboundFirst12Percent, 2))
        XCTAssertEqual(r.main.gdpLossFirst12GrossPercent - r.main.reboundFirst12Percent, r.main.gdpLossFirst12Percent,
                       accuracy: 1e-9, "gross − rebound = net")
        XCTAssertTrue(t.header[6].contains("whole horizon, gross"), t.header[6])
        XCTAssertTrue(t.header[7].contains("whole horizon"), t.header[7])
        XCTAssertEqual(t.rows[0][7], DynamicViews.rangeText(r.totalRange, 2))
        XCTAssertEqual(t.header[8], "rebound % whole horizon")
        XCTAssertTrue(t.header.contains("first supply shortage (week)"))
        XCTAssertTrue(t.header.filter { $0.contains("job-years") }.allSatisfy { $0.contains("first 12 months") || $0.contains("whole horizon") })
        XCTAssertTrue(DynamicViews.headline(r)
            .contains("range over allocation/rationing rules \(DynamicViews.rangeText(r.first12Range, 2))%"))
    }

    /// No headline nets a rebound against a loss: the gross loss, the rebound and the backlog left are
    /// separate figures, and the report says when the backlog would clear.
    func testTheBacklogLeftAtTheEndIsReportedAndTheReboundStandsApart() throws {
        let r = try chainRun()
        let o = r.main
        XCTAssertGreaterThan(o.backlogAtEnd, 0, "the catch-up, capped at 10% above base, runs past the horizon")
        XCTAssertEqual(o.backlogAtEnd, r.path.finalState.backlog.reduce(0, +))
        XCTAssertEqual(try XCTUnwrap(o.backlogAtEndDays), o.backlogAtEnd / r.model.f0[2] * 365, accuracy: 1e-9)
        XCTAssertEqual(try XCTUnwrap(o.backlogClearsInDays), o.backlogAtEnd / (0.1 * r.model.f0[2]) * 365,
                       accuracy: 1e-6)
        XCTAssertLessThan(o.months.last!.valueAddedLossTotal, 0, "still above base in the last month")
        XCTAssertGreaterThan(o.rebound, 0)
        XCTAssertEqual(o.gdpLossGross - o.rebound, o.gdpLossTotal, accuracy: 1e-9 * o.gdpLossGross)
        let md = DynamicReport.render(r)
        XCTAssertTrue(md.contains("still outstanding at the end of the horizon"), md)
        XCTAssertTrue(md.contains("\(NumberFormat.grouped(o.backlogAtEnd)) \(r.model.model.table.metadata.unit)"), md)
        let clears = "it would clear in about \(NumberFormat.fixed(o.backlogClearsInDays!, 0)) more days"
        XCTAssertTrue(md.contains(clears), md)
        XCTAssertTrue(md.contains("backlog/τ_b"), md)
        XCTAssertFalse(md.contains("caught up over"), "no claim that the backlog is caught up within τ_b")
        XCTAssertTrue(md.contains("rebound \(NumberFormat.fixed(o.reboundPercent, 2))%"), md)
        XCTAssertFalse(DynamicViews.headline(r).contains("net of"), "no headline nets the rebound")
    }

    func testDroppedEssentialInputPairsAreNamed() throws {
        let r = try chainRun()
        // V → M has no input coefficient on the chain table (vehicles sell only to final demand).
        XCTAssertEqual(r.model.listedPairCount, 2)
        XCTAssertEqual(r.model.droppedPairs, [DynamicModel.DroppedPair(supplier: 2, buyer: 0, reason: "zero input coefficient in this table")])
        let md = DynamicReport.render(r)
        XCTAssertTrue(md.contains("1 of the 2 supplier→buyer pairs listed"), md)
        XCTAssertTrue(md.contains("dropped: V Vehicles → M Magnets, zero input coefficient in this table"), md)
    }

    func testTheWorldTableComparisonFollowsTheRuns() throws {
        let jp = try chainRun(id: "jp-re-1y-dir"), us = try chainRun(id: "us-re-1y", share: "0.5")
        func loss(_ region: String, _ percent: Double) -> RegionLoss {
            RegionLoss(region: region, gdpBase: 100, gdpLossFirst12: percent, gdpLossTotal: percent, jobYears: nil, jobYearsFirst12: nil, cutDirectly: true, topSectors: [])
        }
        let j = jp.main.gdpLossFirst12Percent, u = us.main.gdpLossFirst12Percent
        XCTAssertGreaterThan(j, 0)
        XCTAssertGreaterThan(u, 0)
        let mixed = DynamicSummary.nationalComparison([jp, us], world: jp, losses: ["JPN": loss("JPN", j / 2), "USA": loss("USA", u * 2)])
        XCTAssertTrue(mixed.contains("smaller loss for Japan and the larger for the United States"), mixed)
        XCTAssertTrue(mixed.contains("not a lower bound"), mixed)
        let below = DynamicSummary.nationalComparison([jp, us], world: jp, losses: ["JPN": loss("JPN", j / 2), "USA": loss("USA", u / 2)])
        XCTAssertTrue(below.contains("smaller loss for Japan and the United States"), below)
        XCTAssertFalse(below.contains("lower bound"), below)
        XCTAssertTrue(below.contains(NumberFormat.fixed(u / 2, 2) + "% of its GDP on the world table against " + NumberFormat.fixed(u, 2) + "%"), below)
    }
}

/// The lead a reader takes in at a glance, and the catalogue commands' views.
final class LeadAndCatalogueTests: XCTestCase {
    func testTheLeadGivesLossMoneyJobYearsPeriodAndRangeThenTheBase() throws {
        let r = try DynamicRun(model: try referenceModel("jp-re-1y-dir"))
        let lead = Lead.block(r)
        XCTAssertTrue(lead[0].hasPrefix("GDP −\(NumberFormat.fixed(r.main.gdpLossFirst12GrossPercent, 2))% (¥"),
                      lead[0])
        XCTAssertTrue(lead[0].contains(" tn) and "), lead[0])
        XCTAssertTrue(lead[0].contains("over the first 12 months (2026-01 to 2026-12); "
                                       + "range \(DynamicViews.rangeText(r.first12Range, 2))%"), lead[0])
        XCTAssertTrue(lead[1].contains("Japan's GDP") && lead[1].contains("2015 producer prices"), lead[1])
        XCTAssertLessThan(lead[0].count, 200, "the first line reads in five seconds")
        XCTAssertTrue(DynamicReport.render(r).contains("**\(lead[0])**"))
        XCTAssertTrue(DynamicReport.render(r).contains("Generated by `ioimpact run jp-re-1y-dir`"))
    }

    func testAShortHorizonSaysSoAndAUsersCaseNamesItsPath() throws {
        let body = cutText("[[0, 1], [0, 0], [60, 0], [60, 1]]") + "[recovery]\nbasis = \"test\"\n"
        let r = try DynamicRun(model: try chainModel(horizon: 6, step: 7, body: body), withBracket: false)
        XCTAssertTrue(Lead.first(r).contains("over the 6 months of the horizon (2025-01 to 2025-06)"), Lead.first(r))
        XCTAssertTrue(Lead.first(r).contains("the case's rules only"),
                      "run without the bracket (--rules chosen): no range claimed")
        XCTAssertFalse(DynamicReport.render(r).contains("first 12 months"),
                       "a 6-month horizon never says 'first 12 months'")
        XCTAssertTrue(DynamicReport.render(r).contains("Generated by `ioimpact run \(r.model.dynamicCase.path)`"))
    }

    func testTheWorldLeadSaysWhichGDPAndListsTheCountriesCut() throws {
        let r = try DynamicRun(model: try referenceModel("world-re-1y-cn-jpus"), withBracket: false)
        let lead = Lead.block(r)
        XCTAssertTrue(lead[0].contains("US$"), lead[0])
        XCTAssertTrue(lead[1].contains("world GDP"), lead[1])
        XCTAssertEqual(lead.count, 3)
        XCTAssertTrue(lead[2].contains("USA −") && lead[2].contains("JPN −"), lead[2])
    }

    func testMaterialsAndTheirUsersAreListed() throws {
        let t = try shippedTable("jp-2015-185")
        let sat = try MaterialSatellite.shipped("jp-2015-185", table: t)
        let all = CatalogueViews.materials(sat, table: t, format: .text)
        XCTAssertTrue(all.contains("re_dytb") && all.contains("350"), all)
        let users = try CatalogueViews.users(sat, table: t, material: "re_dytb", format: .text)
        XCTAssertTrue(users.contains("2729") && users.contains("325"), users)
        XCTAssertThrowsError(try CatalogueViews.users(sat, table: t, material: "xx", format: .text)) { e in
            XCTAssertTrue("\(e)".contains("unknown material 'xx'; known: re_ndpr"), "\(e)")
        }
        let cs = try DynamicCaseLoader.shippedIDs()
        let listed = CatalogueViews.cases(try cs.map {
            try DynamicCaseLoader.load(path: try DynamicCaseLoader.casesDirectory() + "/\($0).toml")
        }, format: .text)
        for id in cs { XCTAssertTrue(listed.contains(id), id) }
    }
}
