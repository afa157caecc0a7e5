/// How a `PostgresPool` connects and how many connections it keeps.
public struct PostgresPoolConfiguration: Sendable {
    /// The libpq connection URI (`postgresql://user@host:port/db`). Never logged by this module.
    public var url: String
    /// The most connections open at once. Default 10.
    public var maxConnections: Int = 10
    /// How long `withConnection` waits for a free connection before throwing
    /// `.poolExhausted`. Default 5 s.
    public var acquireTimeout: Duration = .seconds(5)
    /// How long opening a connection may take. Default 5 s.
    public var connectTimeout: Duration = .seconds(5)
    /// A connection idle longer than this is pinged (`SELECT 1`) before it is handed out.
    /// Connections closed by the server are detected without a ping regardless. Default 30 s.
    public var healthCheckAfterIdle: Duration = .seconds(30)

    public init(url: String) { self.url = url }
}

/// A transaction isolation level for `withTransaction`.
public enum PostgresIsolationLevel: Sendable {
    case readCommitted, repeatableRead, serializable

    var sql: String {
        switch self {
        case .readCommitted: "READ COMMITTED"
        case .repeatableRead: "REPEATABLE READ"
        case .serializable: "SERIALIZABLE"
        }
    }
}
