import Hummingbird

/// Answers only requests addressed to the host the workbench listens on (or to this machine's loopback
/// names when it listens on loopback): a web page elsewhere that points its own domain at 127.0.0.1 (DNS
/// rebinding) gets 421. Listening on every address (`--host 0.0.0.0`) accepts any name.
struct HostCheck<Context: RequestContext>: RouterMiddleware {
    let host: String

    func handle(_ request: Request, context: Context,
                next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let authority = request.head.authority, !Self.allowed(authority, listening: host) else {
            return try await next(request, context)
        }
        return Workbench.error(421, "this workbench answers requests to \(host) only, not to "
                               + "'\(String(authority.prefix(80)))'")
    }

    /// Whether a request's `Host` (with or without its port) names the listening host.
    static func allowed(_ authority: String, listening: String) -> Bool {
        if listening == "0.0.0.0" || listening == "::" { return true }
        var name = authority.lowercased()
        if name.hasPrefix("["), let end = name.firstIndex(of: "]") {
            name = String(name[name.index(after: name.startIndex)..<end])
        } else if let colon = name.lastIndex(of: ":") {
            name = String(name[..<colon])
        }
        let loopback: Set<String> = ["127.0.0.1", "localhost", "::1"]
        return name == listening.lowercased() || (loopback.contains(listening) && loopback.contains(name))
    }
}
