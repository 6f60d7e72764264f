import Foundation
import IOImpact

/// What a request can get wrong, with the HTTP status it answers with. A case the strict loader refuses
/// is a `badCase` carrying the loader's one-line message.
enum WorkbenchError: Error, Sendable {
    case badRequest(String)
    case badCase(String)
    case notFound(String)
    case timedOut(seconds: Double)
    case busy

    var status: Int {
        switch self {
        case .badRequest, .badCase: return 400
        case .notFound: return 404
        case .timedOut: return 504
        case .busy: return 503
        }
    }

    var message: String {
        switch self {
        case .badRequest(let m), .badCase(let m), .notFound(let m): return m
        case .timedOut(let s):
            return "the run took longer than the workbench's limit of \(NumberFormat.significant(s, 3)) s and was "
                + "stopped; nothing was kept (a shorter horizon or a coarser step runs faster; "
                + "`ioimpact run` has no limit)"
        case .busy: return "too many runs are waiting; try again in a moment"
        }
    }

    /// Any error of a run, as the workbench reports it: the loader's and the model's own messages.
    static func from(_ error: Error) -> WorkbenchError {
        switch error {
        case let e as WorkbenchError: return e
        case let e as InputError: return .badCase(e.description)
        case let e as LinearAlgebraError: return .badCase(InputError.escapingControlCharacters(e.description))
        default: return .badCase(InputError.escapingControlCharacters("\(error)"))
        }
    }
}
