import Foundation

/// A thread-safe pool of `PostgresConnection`s with a fixed maximum size.
///
/// ```swift
/// let pool = PostgresPool(configuration: .init(url: databaseURL))
/// let count = try pool.withConnection { try $0.query("SELECT count(*) FROM t").first!.decode(Int64.self) }
/// try pool.withTransaction { conn in try conn.execute("INSERT INTO t VALUES (\(id))") }
/// ```
///
/// Connections open lazily. A connection that broke (server restart, network loss) is
/// discarded when it is returned or found broken at checkout, and a fresh one is opened
/// in its place, so the pool recovers on its own once the server is back.
public final class PostgresPool: Sendable {
    public let configuration: PostgresPoolConfiguration
    private let state: LockedState

    public init(configuration: PostgresPoolConfiguration) {
        precondition(configuration.maxConnections > 0, "maxConnections must be positive")
        self.configuration = configuration
        self.state = LockedState()
    }

    /// Lends a connection to `body` and takes it back afterwards.
    ///
    /// Do not keep the connection past `body`, nor leave a transaction open in it (such a
    /// connection is closed rather than reused).
    /// - Throws: `PostgresError` `.poolExhausted` after `acquireTimeout`, `.connectionUnavailable`
    ///   when no connection can be opened, or whatever `body` throws.
    @discardableResult
    public func withConnection<Result>(_ body: (PostgresConnection) throws -> Result) throws -> Result {
        let connection = try acquire()
        defer { release(connection) }
        return try body(connection)
    }

    /// Whether the last attempt to reach the server (connect, ping or query on a pooled
    /// connection) succeeded. Cheap: no I/O. True before the first attempt.
    public var lastKnownReachable: Bool { state.withLock { $0.lastKnownReachable } }

    /// Runs `SELECT 1` on a pooled connection; true when the server answered. For readiness.
    public func ping() -> Bool {
        do {
            _ = try withConnection { try $0.query("SELECT 1") }
            return true
        } catch {
            return false
        }
    }

    /// Connections open now (busy and idle) and idle now.
    public var connectionCounts: (open: Int, idle: Int) {
        state.withLock { ($0.openCount, $0.idle.count) }
    }

    /// Closes idle connections and makes later `withConnection` calls throw. Connections in
    /// use are closed as they are returned.
    public func close() {
        let idle = state.withLock { state in
            state.closed = true
            defer { state.idle.removeAll() }
            return state.idle
        }
        idle.forEach { $0.connection.close() }
        state.withLock { $0.openCount -= idle.count }
        state.condition.broadcast()
    }

    // MARK: - Checkout and return

    private func acquire() throws -> PostgresConnection {
        let deadline = Date().addingTimeInterval(Self.seconds(configuration.acquireTimeout))
        state.condition.lock()
        while true {
            if state.unsafe.closed {
                state.condition.unlock()
                throw PostgresError(kind: .poolExhausted, message: "the pool is closed")
            }
            if let entry = state.unsafe.idle.popLast() {
                state.condition.unlock()
                return try validated(entry)
            }
            if state.unsafe.openCount < configuration.maxConnections {
                state.unsafe.openCount += 1
                state.condition.unlock()
                return try openReservedConnection()
            }
            if !state.condition.wait(until: deadline) {
                state.condition.unlock()
                throw PostgresError(
                    kind: .poolExhausted,
                    message: "no connection became free within the acquire timeout (max \(configuration.maxConnections))")
            }
        }
    }

    /// Checks an idle connection; replaces it (keeping its slot) if the server dropped it.
    private func validated(_ entry: IdleConnection) throws -> PostgresConnection {
        var healthy = entry.connection.absorbPendingInput()
        if healthy, Date().timeIntervalSince(entry.idleSince) > Self.seconds(configuration.healthCheckAfterIdle) {
            healthy = (try? entry.connection.query("SELECT 1")) != nil
        }
        if healthy { return entry.connection }
        entry.connection.close()
        return try openReservedConnection()
    }

    /// Opens a connection for a slot already counted in `openCount`; frees the slot on failure.
    private func openReservedConnection() throws -> PostgresConnection {
        do {
            let connection = try PostgresConnection.connect(
                url: configuration.url, connectTimeout: configuration.connectTimeout)
            state.withLock { $0.lastKnownReachable = true }
            return connection
        } catch {
            state.withLock {
                $0.openCount -= 1
                $0.lastKnownReachable = false
            }
            state.condition.signal()
            throw error
        }
    }

    private func release(_ connection: PostgresConnection) {
        let broken = !connection.isUsable
        let reusable = !broken && !connection.isInTransaction
        let closeNow = state.withLock { state -> Bool in
            if broken { state.lastKnownReachable = false }
            guard reusable, !state.closed else {
                state.openCount -= 1
                return true
            }
            state.idle.append(IdleConnection(connection: connection, idleSince: Date()))
            return false
        }
        if closeNow { connection.close() }
        state.condition.signal()
    }

    static func seconds(_ duration: Duration) -> TimeInterval {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}

struct IdleConnection {
    let connection: PostgresConnection
    let idleSince: Date
}

/// The pool's mutable state, guarded by `condition` (which is also how waiters sleep).
final class LockedState: @unchecked Sendable {
    struct State {
        var idle: [IdleConnection] = []
        var openCount = 0
        var closed = false
        var lastKnownReachable = true
    }

    let condition = NSCondition()
    /// Only touch while holding `condition`.
    var unsafe = State()

    func withLock<T>(_ body: (inout State) throws -> T) rethrows -> T {
        condition.lock()
        defer { condition.unlock() }
        return try body(&unsafe)
    }
}
