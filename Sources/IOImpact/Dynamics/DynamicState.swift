import Foundation

/// What carries over from one period to the next.
public struct DynamicState: Sendable {
    /// U_gj: users' stocks of material g, tonnes.
    public var userStocks: [[Double]]
    /// N_g: national stockpile, tonnes.
    public var nationalStock: [Double]
    /// S_p: the buyer's stock of an essential produced input (pair p), money, at the end of the period.
    public var inputInventory: [Double]
    /// ρ_i: the share of its intermediate orders each supplier delivered last period (1 at base); a
    /// buyer expects it again when it requests scarce materials.
    public var deliveredShare: [Double]
    /// Whether a material or an essential input held a sector's capacity below its orders last period
    /// (its backlog waits until the constraint lifts).
    public var supplyBound: [Bool]
    /// B_j: unmet final demand for durable goods, money.
    public var backlog: [Double]
    /// Day on which material g first fell short (the substitution clock), nil before.
    public var shortSince: [Double?]

    /// The base state: stocks at their targets, inventories full, no backlog.
    public init(model m: DynamicModel) {
        userStocks = (0..<m.materialCount).map { g in m.tonnes[g].map { $0 * m.stockDays[g] / 365 } }
        nationalStock = m.stockpiles.map { $0?.tonnes ?? 0 }
        inputInventory = m.pairSupplier.indices.map { p in m.pairCoefficient[p] * m.x0[m.pairBuyer[p]] * m.pairDays[p] / 365 }
        deliveredShare = [Double](repeating: 1, count: m.n)
        supplyBound = [Bool](repeating: false, count: m.n)
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
    /// Each supplier's deliveries to all its buyers and final demand (annual rate): its output plus any
    /// drawdown of its stocks recorded as negative final demand.
    public var productDelivered: [Double]
    /// Final demand above base for catching up the durable backlog (annual rate).
    public var catchUp: [Double]
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
    /// Sweeps over the essential pairs needed to settle capacities (1 on an acyclic pair graph).
    public var iterations: Int
    /// The largest overdraft of a critical pair's stock before it is floored at 0, in periods of base use.
    public var stockOverdraft: Double = 0
    /// Whether the capacity sweep reached its fixed point (always on an acyclic pair graph).
    public var capacitySettled: Bool = true
}
