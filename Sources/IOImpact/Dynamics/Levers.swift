import Foundation

/// What a case's levers (allied supply and stockpiles) take off its loss: the same case, the same
/// parameters and rules, run once more with neither, so that the difference is theirs alone.
public struct LeverSavings: Sendable {
    /// The case's levers in words ("allied supply of `re_ndpr` from AUS", "stockpile of `re_dytb` (66 t)").
    public var levers: [String]
    /// The main rules' outcome without the levers.
    public var withoutLevers: DynamicOutcome

    /// Gross value added the levers save over the horizon (money) and in % of one year's GDP.
    public func gdpSaved(_ main: DynamicOutcome) -> Double { withoutLevers.gdpLossGross - main.gdpLossGross }
    public func gdpSavedPercent(_ main: DynamicOutcome) -> Double {
        withoutLevers.gdpLossGrossPercent - main.gdpLossGrossPercent
    }
    public func jobYearsSaved(_ main: DynamicOutcome) -> Double? {
        guard let a = withoutLevers.jobYears, let b = main.jobYears else { return nil }
        return a - b
    }

    /// Per region on a world table, in the table's region order: the loss without and with the levers.
    public func regions(_ model: DynamicModel, main: DynamicOutcome) -> [(without: RegionLoss, with: RegionLoss)] {
        Array(zip(withoutLevers.regionLosses(model), main.regionLosses(model)))
    }
}

extension DynamicModel {
    /// Whether the case has a lever to compare against.
    public var hasLevers: Bool { !dynamicCase.allied.isEmpty || !dynamicCase.stockpiles.isEmpty }

    /// The same model with no allied supply and no stockpile; every other field is unchanged.
    public func withoutLevers() -> DynamicModel {
        var m = self
        m.alliedTonnes = alliedTonnes.map { $0.map { _ in 0 } }
        m.stockpiles = stockpiles.map { _ in nil }
        m.dynamicCase.allied = []
        m.dynamicCase.stockpiles = []
        return m
    }

    /// The levers in words, ids in backticks (Markdown code; plain enough on a terminal).
    public var leverNames: [String] {
        dynamicCase.allied.map { r in
            "allied supply of `\(r.material)`" + (r.producer.map { " from \($0)" } ?? "") + (r.partners.map { " to \($0.joined(separator: "+"))" } ?? "")
        } + dynamicCase.stockpiles.map { s in
            "stockpile of `\(s.material)` (\(NumberFormat.grouped(s.tonnes)) t" + (s.regions.map { ", shared by \($0.joined(separator: "+"))" } ?? "") + ")"
        }
    }
}
