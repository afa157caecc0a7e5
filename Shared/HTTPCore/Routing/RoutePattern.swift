/// A route path such as `/v1/topics/{topic}/events`: literal segments and `{name}`
/// parameters, each matching exactly one non-empty path segment.
public struct RoutePattern: Sendable, Hashable, CustomStringConvertible {
    /// One segment of a pattern.
    public enum Segment: Sendable, Hashable {
        case literal(String)
        case parameter(String)
    }

    /// The pattern as written, used as the route label in logs and metrics.
    public let text: String
    public let segments: [Segment]

    /// Parses a pattern; a segment written `{name}` is a parameter.
    public init(_ text: String) {
        self.text = text
        self.segments = text.split(separator: "/", omittingEmptySubsequences: true).map { part in
            if part.hasPrefix("{"), part.hasSuffix("}"), part.count > 2 {
                return .parameter(String(part.dropFirst().dropLast()))
            }
            return .literal(String(part))
        }
    }

    public var description: String { text }

    /// Literal segments count more than parameters when two patterns match the same path.
    var specificity: Int {
        segments.reduce(0) { count, segment in
            if case .literal = segment { return count + 1 }
            return count
        }
    }

    /// Matches `path` segment by segment without allocating unless parameters are found.
    func match(_ path: Substring) -> [(name: String, value: String)]? {
        var parameters: [(name: String, value: String)] = []
        var rest = path.utf8[...]
        for segment in segments {
            while rest.first == UInt8(ascii: "/") { rest = rest.dropFirst() }
            guard !rest.isEmpty else { return nil }
            let end = rest.firstIndex(of: UInt8(ascii: "/")) ?? rest.endIndex
            let piece = rest[rest.startIndex..<end]
            switch segment {
            case .literal(let literal):
                guard piece.elementsEqual(literal.utf8) else { return nil }
            case .parameter(let name):
                parameters.append((name: name, value: String(Substring(piece))))
            }
            rest = rest[end...]
        }
        while rest.first == UInt8(ascii: "/") { rest = rest.dropFirst() }
        return rest.isEmpty ? parameters : nil
    }
}
