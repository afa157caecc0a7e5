/// The outcome of looking a request up in a `RouteTable`.
public enum RouteMatch<Value: Sendable>: Sendable {
    /// A route matched path and method.
    case matched(Value, pattern: RoutePattern, parameters: PathParameters)
    /// No route has this path (answer 404).
    case notFound
    /// Routes have this path but not this method (answer 405 with `Allow: <allowed>`).
    case methodNotAllowed(allowed: [HTTPMethod])
}

/// Routes by method and path pattern. A HEAD request is served by the GET route when no
/// HEAD route exists. When several patterns match, the one with more literal segments
/// wins, then the one added first. Lookup is a linear scan: service route tables are small.
public struct RouteTable<Value: Sendable>: Sendable {
    struct Entry: Sendable {
        var method: HTTPMethod
        var pattern: RoutePattern
        var value: Value
    }
    private(set) var entries: [Entry] = []

    public init() {}

    /// Adds a route. A later route with the same method and pattern replaces nothing; the
    /// first one added keeps winning.
    public mutating func add(_ method: HTTPMethod, _ pattern: RoutePattern, _ value: Value) {
        entries.append(Entry(method: method, pattern: pattern, value: value))
        // Keep the most specific patterns first so the first match is the best one.
        let indexed = entries.enumerated().sorted { lhs, rhs in
            let (a, b) = (lhs.element.pattern.specificity, rhs.element.pattern.specificity)
            return a != b ? a > b : lhs.offset < rhs.offset
        }
        entries = indexed.map(\.element)
    }

    /// Finds the route for `method` and `path` (the target without its query).
    public func match(_ method: HTTPMethod, path: Substring) -> RouteMatch<Value> {
        var pathMatched = false
        var getFallback: (Entry, [(name: String, value: String)])? = nil
        for entry in entries {
            guard let parameters = entry.pattern.match(path) else { continue }
            pathMatched = true
            if entry.method == method {
                return .matched(entry.value, pattern: entry.pattern, parameters: PathParameters(parameters))
            }
            if method == .head, entry.method == .get, getFallback == nil { getFallback = (entry, parameters) }
        }
        if let (entry, parameters) = getFallback {
            return .matched(entry.value, pattern: entry.pattern, parameters: PathParameters(parameters))
        }
        guard pathMatched else { return .notFound }
        var allowed: [HTTPMethod] = []
        for entry in entries where entry.pattern.match(path) != nil && !allowed.contains(entry.method) {
            allowed.append(entry.method)
            if entry.method == .get, !allowed.contains(.head) { allowed.append(.head) }
        }
        return .methodNotAllowed(allowed: allowed)
    }
}
