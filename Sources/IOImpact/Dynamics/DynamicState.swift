import Foundation

/// What carries over from one period to the next.
public struct DynamicState: Sendable {
    /// U_gj: users' stocks of material g, tonnes.
    public var userStocks: [[Double]]
    /// N_g: national stockpile, tonnes.
    public var nationalStock: [Double]
    /// I_p: buyers' inventories of essential produced inputs, money.
    public var inputInventory: [Double]
    /// Restocking orders placed for each pair, annual rate (delivered next period as far as supply allows).
    public var restockOrders: [Double]
    /// B_j: unmet final demand for durable goods, money.
    public var backlog: [Double]
    /// Day on which material g first fell short (the substitution clock), nil before.
    public var shortSince: [Double?]

    /// The base state: stocks at their targets, inventories full, no backlog.
    public init(model m: DynamicModel) {
        userStocks = (0..<m.materialCount).map { g in m.tonnes[g].map { $0 * m.stockDays[g] / 365 } }
        nationalStock = m.stockpiles.map { $0?.tonnes ?? 0 }
        inputInventory = m.pairSupplier.indices.map { p in m.pairCoefficient[p] * m.x0[m.pairBuyer[p]] * m.pairDays[p] / 365 }
        restockOrders = [Double](repeating: 0, count: m.pairSupplier.count)
        backlog = [Double](repeating: 0, count: m.n)
        shortSince = [Double?](repeating: nil, count: m.materialCount)
    }
}

/// Why a sector produced less than its base in a period.
public enum Binding: Sendable, Equatable {
    case none
    /// Lost orders (upstream effect).
    case demand
    /// Held at its capacity by material g.
    case material(Int)
    /// Inventory of essential input from supplier i ran out.
    case input(Int)

    public var isSupply: Bool {
        switch self { case .material, .input: return true; default: return false }
    }
}

/// One period's record (what the recorder keeps).
public struct PeriodRecord: Sendable {
    public var output: [Double]
    public var capacity: [Double]
    public var finalDelivered: [Double]
    public var binding: [Binding]
    /// Per material: supply arriving (incl. allied and released stockpile), delivered to users, used,
    /// users' stocks at the end, national stock at the end, supply not taken up.
    public var supply: [Double]
    public var delivered: [Double]
    public var used: [Double]
    public var userStock: [Double]
    public var nationalStock: [Double]
    public var unused: [Double]
    public var released: [Double]
    /// Users' stocks at the start of the period, per material.
    public var userStockBefore: [Double]
    /// Fixed-point iterations of the rationing map this period.
    public var iterations: Int
}
