/// A field of an event's payload named by its member names from the root: `user.country`
/// is `["user", "country"]`. Written with dots in analyses; a member name cannot contain one.
public struct FieldPath: Sendable, Hashable, CustomStringConvertible {
    public var components: [String]

    /// The path of `text` (`"user.country"`), or nil when it is empty or has an empty member.
    public init?(_ text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard !text.isEmpty, parts.count <= 16, parts.allSatisfy({ !$0.isEmpty }) else { return nil }
        components = parts
    }

    /// The dotted form, as written in analyses and used as the group object's keys.
    public var description: String { components.joined(separator: ".") }

    /// The PostgreSQL text-array literal of the path, for `payload #> '{a,b}'`, passed as a
    /// bound parameter.
    public var postgresArrayLiteral: String {
        "{" + components.map { "\"" + $0.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\"" }
            .joined(separator: ",") + "}"
    }
}
