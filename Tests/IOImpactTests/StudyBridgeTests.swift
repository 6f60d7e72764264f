import XCTest
@testable import IOImpact

/// Each study under its own assumptions (docs/METHOD.md section 10) and the headcount rule.
final class StudyBridgeTests: XCTestCase {
    static let bridges: Result<[StudyBridge], Error> = Result { try StudyBridge.all() }

    func bridges() throws -> [StudyBridge] { try Self.bridges.get() }

    func testStaticReproductionsEqualTheStaticEngine() throws {
        let all = try bridges()
        XCTAssertEqual(all.map(\.spec.id), ["dir-re-1y", "dir-cm-1y", "nri-re-3m", "nri-re-1y"])
        for b in all {
            let r = b.reproduction, m = r.model
            let x = try StudyReproduction.staticOutput(m, k: 1)
            let path = try Simulation.run(m)
            assertClose(path.periods[0].output, x, relative: 1e-9,
                        "\(b.spec.id): the engine's static limit is the mixed model")
            let stat = StudyReproduction.staticLossPercent(m, output: x, scale: b.spec.durationScale)
            XCTAssertEqual(r.lossPercent, stat, accuracy: 1e-9 * stat, b.spec.id)
            XCTAssertGreaterThan(stat, 0, "\(b.spec.id): the cut bites")
        }
    }

    func testReproductionUsesTheStudysStatedAssumptions() throws {
        for b in try bridges() {
            let m = b.reproduction.model, id = b.spec.id
            XCTAssertEqual(m.timeline.periods, 1, id)
            XCTAssertEqual(m.timeline.horizonDays, b.spec.periodDays, id)
            XCTAssertTrue(m.stockDays.allSatisfy { $0 == 0 }, "\(id): no users' stocks")
            XCTAssertTrue(m.substitutionCeiling.allSatisfy { $0 == 0 }, "\(id): no substitution")
            XCTAssertTrue(m.pairSupplier.isEmpty, "\(id): no essential produced-input pairs")
            XCTAssertTrue(m.conversions.allSatisfy(\.isEmpty), "\(id): no domestic magnet making")
            XCTAssertFalse(m.durable.contains(true), "\(id): no backlog")
            XCTAssertTrue(m.stockpiles.allSatisfy { $0 == nil }, "\(id): no stockpile")
            XCTAssertTrue(m.alliedTonnes.joined().allSatisfy { $0 == 0 }, "\(id): no allied supply")
            // The case's materials and origins: every cut material, and nothing else, is short.
            for g in 0..<m.materialCount {
                XCTAssertEqual(m.supplyShare[g][0] < 1, m.cutMaterial[g], "\(id): \(m.materialBase[g])")
            }
            // The figure is the loss in the period, in % of one year's GDP, times the study's scaling.
            XCTAssertEqual(b.reproduction.lossPercent,
                           b.reproduction.outcome.gdpLossGrossPercent * b.spec.durationScale, accuracy: 1e-12, id)
        }
        let all = try bridges()
        let dir = try XCTUnwrap(all.first { $0.spec.id == "dir-re-1y" }).reproduction.model
        let magnets = try XCTUnwrap(dir.materialBase.firstIndex(of: "ndfeb_magnet"))
        let china = try XCTUnwrap(dir.satellite.origins.first {
            $0.material == "ndfeb_magnet" && $0.origin == "CHN" && $0.destination == "JPN"
        })
        XCTAssertEqual(dir.supplyShare[magnets][0], 1 - china.share, accuracy: 1e-12,
                       "DIR: Chinese magnets stop for the year")
        // NRI's year is its quarter times four.
        let q = try XCTUnwrap(all.first { $0.spec.id == "nri-re-3m" }).reproduction.lossPercent
        let y = try XCTUnwrap(all.first { $0.spec.id == "nri-re-1y" }).reproduction.lossPercent
        XCTAssertEqual(y, 4 * q, accuracy: 1e-12)
    }

    func testBridgeStepsAddUpToTheDifferenceBetweenItsEnds() throws {
        for b in try bridges() {
            let sum = b.contributions.reduce(0, +)
            XCTAssertEqual(sum, b.modelFigure - b.spec.published, accuracy: 1e-12, b.spec.id)
            XCTAssertEqual(b.steps.first?.value, b.spec.published)
            XCTAssertEqual(b.steps[1].value, b.reproduction.lossPercent)
            // The last step is the reference case as the reports run it.
            let ref = try referenceModel(b.spec.caseRef)
            let o = DynamicOutcome(model: ref, path: try Simulation.run(ref))
            XCTAssertEqual(b.modelFigure, o.gdpLossFirst12GrossPercent, accuracy: 1e-12, b.spec.id)
            // The printed contributions add up to the printed difference, in thousandths of a point.
            let md = StudyBridgeReport.table(b)
            let lines = md.split(separator: "\n", omittingEmptySubsequences: false)
            let start = try XCTUnwrap(lines.firstIndex { $0.hasPrefix("| step") })
            let rows = lines[(start + 2)...].prefix { $0.hasPrefix("| ") }
            func thousandths(_ s: Substring) -> Int? {
                let t = s.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "*", with: "")
                    .replacingOccurrences(of: "−", with: "-").replacingOccurrences(of: "+", with: "")
                return Double(t).map { Int(($0 * 1000).rounded()) }
            }
            let cells = rows.map { $0.split(separator: "|", omittingEmptySubsequences: false) }
            let steps = cells.dropLast().compactMap { thousandths($0[3]) }
            let total = try XCTUnwrap(thousandths(cells.last![3]))
            XCTAssertEqual(steps.count, b.steps.count - 1, b.spec.id)
            XCTAssertEqual(steps.reduce(0, +), total, "\(b.spec.id): the printed column adds up")
        }
    }

    func testAReproductionThatMissesSaysWhatTheStudyMustHaveAssumed() throws {
        for b in try bridges() {
            let r = b.reproduction
            let off = abs(r.lossPercent / b.spec.published - 1) > 0.25
            XCTAssertEqual(r.required != nil, off, b.spec.id)
            guard let req = r.required, let k = req.k else { continue }
            // At the multiple found the static engine gives the published figure.
            let x = try StudyReproduction.staticOutput(r.model, k: k)
            XCTAssertEqual(StudyReproduction.staticLossPercent(r.model, output: x, scale: b.spec.durationScale),
                           b.spec.published, accuracy: 1e-6, b.spec.id)
            XCTAssertTrue(StudyBridgeReport.table(b).contains("must have stopped"), b.spec.id)
        }
    }

    // MARK: - Headcount

    func headcountModel(_ flow: String) throws -> (DynamicModel, Simulation.Path) {
        let m = try chainModel(horizon: 18, step: 7, body: cutText(flow) + "[stocks]\ndays = 10\nbasis = \"test\"\n",
                               uses: [("M", 100, 1), ("E", 20, 0.5)], essential: [("M", "E", 14), ("E", "V", 7)],
                               durables: ["V"])
        return (m, try Simulation.run(m))
    }

    func testZeroCutGivesZeroHeadcountChange() throws {
        let (m, p) = try headcountModel("[[0, 1], [365, 1]]")
        let h = try XCTUnwrap(Headcount(model: m, path: p))
        XCTAssertEqual(h.first12, 0, accuracy: 1e-9)
        XCTAssertTrue(h.belowBase.allSatisfy { abs($0) < 1e-9 })
    }

    func testHeadcountNeverExceedsTheFTELossWhenFiringIsSlowerThanInstant() throws {
        let (m, p) = try headcountModel("[[0, 1], [0, 0.2], [120, 0.2], [120, 1]]")
        let o = DynamicOutcome(model: m, path: p)
        let l = try XCTUnwrap(m.labourCoefficients)
        // Gross FTE lost by sector over the first twelve months (each sector-period below base).
        var gross = [Double](repeating: 0, count: m.n)
        for (t, rec) in p.periods.enumerated() {
            for (k, d) in m.timeline.monthDays(t) where k < 12 {
                for j in 0..<m.n { gross[j] += l[j] * max(0, m.x0[j] - rec.output[j]) * Double(d) / 365 }
            }
        }
        XCTAssertGreaterThan(gross.reduce(0, +), 0, "the cut costs labour")
        for (hire, fire) in [(0.0, 30.0), (10, 60), (30, 786), (60, 60)] {
            let h = try XCTUnwrap(Headcount(model: m, path: p, hiringDays: hire, firingDays: fire))
            for j in 0..<m.n {
                XCTAssertLessThanOrEqual(h.first12BySector[j], gross[j] + 1e-9,
                                         "sector \(j), τ_H \(hire), τ_F \(fire)")
                XCTAssertGreaterThanOrEqual(h.first12BySector[j], 0, "catch-up is overtime, not hiring above base")
            }
            var persons = 0.0, fte = 0.0
            for t in h.belowBase.indices {
                persons += h.belowBase[t] * Double(m.timeline.length(t))
                fte += h.fteBelowBase[t] * Double(m.timeline.length(t))
                XCTAssertLessThanOrEqual(persons, fte + 1e-9, "summed from the start, period \(t)")
            }
            XCTAssertLessThan(h.first12, gross.reduce(0, +), "slower firing keeps persons on")
        }
        // The case's rule is carried by the outcome.
        XCTAssertEqual(o.headcount?.firingDays ?? 0,
                       Headcount.firingDays(elasticity: m.dynamicCase.employmentElasticity))
    }

    func testInstantSpeedsGiveTheFTEPath() throws {
        let (m, p) = try headcountModel("[[0, 1], [0, 0.2], [120, 0.2], [120, 1]]")
        let h = try XCTUnwrap(Headcount(model: m, path: p, hiringDays: 0, firingDays: 0))
        assertClose(h.belowBase, h.fteBelowBase, relative: 1e-12, absolute: 1e-9, "persons = FTE every period")
        let o = DynamicOutcome(model: m, path: p)
        XCTAssertEqual(h.first12, try XCTUnwrap(o.jobYearsFirst12Gross), accuracy: 1e-9 * max(1, h.first12))
    }

    func testFiringDaysCarryTheElasticityOverAYear() throws {
        for eta in [0.1, 0.2, 0.5, 0.9] {
            let tau = Headcount.firingDays(elasticity: eta)
            XCTAssertEqual(Headcount.averageShare(365 / tau), eta, accuracy: 1e-9, "η = \(eta)")
        }
        XCTAssertEqual(Headcount.firingDays(elasticity: 0.2), 786.28, accuracy: 0.01)
        XCTAssertEqual(Headcount.firingDays(elasticity: 1), 0)
    }
}

final class StudySpecsBadInputTests: XCTestCase {
    func testABadStudiesTableIsRefusedWithFileLineAndColumn() throws {
        let dir = temporaryDirectory()
        let path = dir + "/studies.csv"
        let header = StudySpecs.header.joined(separator: ",") + "\n"
        func refused(_ row: String, _ expected: String) throws {
            try (header + row + "\n").write(toFile: path, atomically: true, encoding: .utf8)
            XCTAssertThrowsError(try StudySpecs.load(path: path)) { e in
                XCTAssertTrue("\(e)".contains(expected), "\(e)")
                XCTAssertTrue("\(e)".contains("studies.csv line 2"), "\(e)")
            }
        }
        try refused("x,dir,jp-re-1y-dir,jp-re-1y-dir,nan,365,1,a,,,,,s", "column published_percent")
        try refused("x,dir,jp-re-1y-dir,jp-re-1y-dir,1.3,400,1,a,,,,,s", "column period_days")
        try refused("x,dir,jp-re-1y-dir,jp-re-1y-dir,1.3,365,0,a,,,,,s", "column duration_scale")
        try refused("x,dir,jp-re-1y-dir,jp-re-1y-dir,1.3,365,1,,,,,,s", "column assumptions")
        try refused("x,dir,jp-re-1y-dir", "has 3 fields")
    }
}
