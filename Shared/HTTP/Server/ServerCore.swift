import Synchronization
import SluiceHTTPCore

/// What every event loop of one server shares: configuration, responder, worker pool and
/// the connection count.
final class ServerCore: Sendable {
    let configuration: ServerConfiguration
    let responder: any HTTPResponder
    /// The responder as a `Router`, when it is one: routes are then matched on the loop and
    /// `.eventLoop` routes run inline.
    let router: Router?
    let workers: WorkerPool
    let openConnections = Atomic<Int>(0)
    /// Connections refused with 503 because `maxConnections` were open.
    let rejectedConnections = Atomic<Int>(0)
    /// Requests refused by the connection before routing, by status (see `protocolErrorStatuses`).
    let protocolErrors = ProtocolErrorCounts()

    init(configuration: ServerConfiguration, responder: any HTTPResponder) {
        self.configuration = configuration
        self.responder = responder
        self.router = responder as? Router
        self.workers = WorkerPool(
            threadCount: configuration.workerThreadCount, queueCapacity: configuration.workerQueueLimit)
    }

    /// Takes a connection slot; false when `maxConnections` are open.
    func reserveConnection() -> Bool {
        let now = openConnections.add(1, ordering: .relaxed).newValue
        if now > configuration.maxConnections {
            openConnections.subtract(1, ordering: .relaxed)
            rejectedConnections.add(1, ordering: .relaxed)
            return false
        }
        return true
    }

    func releaseConnection() {
        openConnections.subtract(1, ordering: .relaxed)
    }
}

/// Counts of protocol-level refusals by status (rare, so a lock is fine).
final class ProtocolErrorCounts: Sendable {
    private let counts = Mutex<[Int: Int]>([:])

    func record(_ status: Int) { counts.withLock { $0[status, default: 0] += 1 } }

    var snapshot: [Int: Int] { counts.withLock { $0 } }
}
