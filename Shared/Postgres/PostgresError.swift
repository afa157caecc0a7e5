/// An error from the PostgreSQL layer.
///
/// `description` is deliberately generic (kind and SQLSTATE only): server messages can
/// quote row values, and libpq messages can name hosts. Use `message`/`detail`, or
/// `String(reflecting:)`, in logs that are allowed to hold them; never in HTTP responses.
public struct PostgresError: Error, Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// What went wrong, broadly; services map `.connectionUnavailable` and `.poolExhausted` to 503.
    public struct Kind: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        /// The server rejected a statement (see `code`).
        public static let server = Kind("server")
        /// The connection could not be opened, was lost, or the server is shutting down.
        public static let connectionUnavailable = Kind("connectionUnavailable")
        /// No pooled connection became free within the acquire timeout.
        public static let poolExhausted = Kind("poolExhausted")
        /// The caller passed something unusable (an invalid identifier, a bad URL).
        public static let invalidArgument = Kind("invalidArgument")
        /// libpq answered in a way this layer does not expect (a bug, ours or theirs).
        public static let unexpectedResponse = Kind("unexpectedResponse")
        /// A migration was changed after it was applied, or the migration list is malformed.
        public static let migration = Kind("migration")
        public var description: String { name }
    }

    public var kind: Kind
    /// The SQLSTATE, when the server (or libpq) provided one.
    public var code: PostgresErrorCode?
    /// The primary message (server's or libpq's). May contain data; keep out of responses.
    public var message: String
    /// The server's DETAIL field, if any. May contain data (e.g. the duplicate key).
    public var detail: String?
    /// The server's HINT field, if any.
    public var hint: String?
    /// The constraint involved, for integrity violations.
    public var constraintName: String?

    public init(
        kind: Kind, code: PostgresErrorCode? = nil, message: String, detail: String? = nil, hint: String? = nil,
        constraintName: String? = nil
    ) {
        self.kind = kind
        self.code = code
        self.message = message
        self.detail = detail
        self.hint = hint
        self.constraintName = constraintName
    }

    /// True when the database cannot be reached right now (answer 503 + Retry-After):
    /// the connection failed or was lost, or the pool had nothing to give.
    public var isUnavailable: Bool {
        kind == .connectionUnavailable || kind == .poolExhausted
    }

    public var description: String {
        if let code { return "PostgresError(\(kind), SQLSTATE \(code))" }
        return "PostgresError(\(kind))"
    }

    public var debugDescription: String {
        var text = "\(description): \(message)"
        if let detail { text += " DETAIL: \(detail)" }
        if let hint { text += " HINT: \(hint)" }
        return text
    }
}
