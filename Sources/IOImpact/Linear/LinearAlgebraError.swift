/// A failure reported by LAPACK, turned into something a user can act on.
public enum LinearAlgebraError: Error, Equatable, CustomStringConvertible {
    /// U(k,k) is exactly zero: the matrix is singular at pivot `index` (0-based).
    case singular(index: Int, label: String?)
    /// LAPACK rejected an argument (a programming error inside ioimpact, never user input).
    case illegalArgument(routine: String, position: Int)
    case dimensionMismatch(String)
    /// The result holds NaN or infinity (an input did).
    case nonFinite(String)

    public var description: String {
        switch self {
        case let .singular(index, label):
            let who = label.map { "sector \($0)" } ?? "pivot \(index + 1)"
            return "the matrix is singular at \(who): I − A cannot be inverted (a sector with no output of its own, or one whose inputs from itself and its suppliers add up to its whole output)"
        case let .illegalArgument(routine, position):
            return "internal error: LAPACK \(routine) rejected argument \(position)"
        case let .dimensionMismatch(s):
            return "dimension mismatch: \(s)"
        case let .nonFinite(s):
            return "non-finite value: \(s)"
        }
    }
}
