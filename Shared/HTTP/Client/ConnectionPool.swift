import Foundation

/// Idle keep-alive connections per peer (`host:port`), newest first out (LIFO keeps the
/// warmest connections in use and lets the others age out). Connections past their
/// lifetime, or that look closed, are dropped on checkout.
final class ConnectionPool: @unchecked Sendable {
    private let lock = NSLock()
    private var idle: [String: [ClientConnection]] = [:]
    private let maxIdlePerPeer: Int
    private let lifetime: UInt64

    init(maxIdlePerPeer: Int, lifetimeNanoseconds: UInt64) {
        self.maxIdlePerPeer = max(0, maxIdlePerPeer)
        self.lifetime = lifetimeNanoseconds
    }

    /// The most recently returned live connection to `peer`, if any.
    func checkout(peer: String, now: UInt64) -> ClientConnection? {
        while true {
            let candidate: ClientConnection? = lock.withLock { idle[peer]?.popLast() }
            guard let candidate else { return nil }
            if now &- candidate.idleSince < lifetime && candidate.looksAlive() { return candidate }
            candidate.close()
        }
    }

    /// Returns a connection for reuse, or closes it if the peer already has enough idle ones.
    func checkin(_ connection: ClientConnection, now: UInt64) {
        connection.idleSince = now
        let kept = lock.withLock {
            var list = idle[connection.peer, default: []]
            guard list.count < maxIdlePerPeer else { return false }
            list.append(connection)
            idle[connection.peer] = list
            return true
        }
        if !kept { connection.close() }
    }

    /// Idle connections to `peer` (for tests and metrics).
    func idleCount(peer: String) -> Int { lock.withLock { idle[peer]?.count ?? 0 } }

    /// Closes every idle connection.
    func closeAll() {
        let all = lock.withLock {
            let all = idle.values.flatMap { $0 }
            idle.removeAll()
            return all
        }
        for connection in all { connection.close() }
    }

    deinit { closeAll() }
}
