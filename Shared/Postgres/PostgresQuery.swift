/// A SQL statement with its parameters, built by string interpolation: every interpolated
/// value becomes a bound `$n` parameter, never SQL text.
///
/// ```swift
/// let rows = try conn.query("SELECT id FROM events WHERE topic = \(topic) AND at > \(since)")
/// ```
///
/// Only string literals and interpolations build a query: a `String` variable is not a
/// `PostgresQuery`, so SQL cannot be assembled from strings by accident. Raw fragments
/// need `\(unsafeRaw: ...)`; identifiers go through `\(identifier: ...)`, which validates
/// and quotes them.
public struct PostgresQuery: ExpressibleByStringInterpolation, Sendable, CustomStringConvertible {
    /// The SQL text with `$1`, `$2`, ... placeholders.
    public private(set) var sql: String
    /// The bound parameters, in placeholder order.
    public private(set) var bindings: PostgresBindings

    public init(stringLiteral value: String) {
        self.sql = value
        self.bindings = PostgresBindings()
    }

    public init(stringInterpolation: StringInterpolation) {
        self.sql = stringInterpolation.sql
        self.bindings = stringInterpolation.bindings
    }

    /// The SQL only; parameter values are never printed (they may be sensitive).
    public var description: String { sql }

    /// Builds the SQL and its parameters.
    public struct StringInterpolation: StringInterpolationProtocol, Sendable {
        var sql = ""
        var bindings = PostgresBindings()

        public init(literalCapacity: Int, interpolationCount: Int) {
            sql.reserveCapacity(literalCapacity + interpolationCount * 3)
        }

        public mutating func appendLiteral(_ literal: String) { sql += literal }

        /// Binds `value` as the next `$n` parameter.
        public mutating func appendInterpolation(_ value: some PostgresEncodable) {
            bindings.append(value)
            sql += "$\(bindings.count)"
        }

        /// Binds `value` as the next `$n` parameter; `nil` is SQL NULL.
        public mutating func appendInterpolation<Value: PostgresEncodable>(_ value: Value?) {
            bindings.append(value)
            sql += "$\(bindings.count)"
        }

        /// Appends a validated, double-quoted identifier (`"events"`, `"ingest"."events"`).
        /// Traps on an invalid identifier: identifiers in queries come from code, not users.
        /// Validate user-supplied names with `PostgresIdentifier(_:)` first.
        public mutating func appendInterpolation(identifier: PostgresIdentifier) {
            sql += identifier.quoted
        }

        /// Appends raw SQL text. Never pass user input here.
        public mutating func appendInterpolation(unsafeRaw sqlFragment: String) {
            sql += sqlFragment
        }
    }
}

/// The parameters of a query, in text format with explicit type OIDs.
public struct PostgresBindings: Sendable {
    struct Parameter: Sendable {
        var type: PostgresDataType
        var text: String?
    }

    private(set) var parameters: [Parameter] = []

    public init() {}

    public var count: Int { parameters.count }

    public mutating func append(_ value: some PostgresEncodable) {
        parameters.append(Parameter(type: type(of: value).postgresType, text: value.postgresText))
    }
}
