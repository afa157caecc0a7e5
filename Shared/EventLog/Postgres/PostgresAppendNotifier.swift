import Foundation
import Synchronization
import SluiceObservability
import SluicePostgres

/// Wakes consumers when records are appended: one dedicated connection LISTENs on
/// `EventLogSchema.notificationChannel` (appends NOTIFY with the topic name at commit) and
/// raises the signals subscribed to that topic.
///
/// When the connection drops it reconnects with backoff and, once back, raises every signal
/// (notifications sent meanwhile are lost); consumers also poll, so nothing is missed, only
/// delayed by at most their poll interval.
public final class PostgresAppendNotifier: AppendNotifier {
    private let url: String
    private let logger: Logger?
    private let subscribers = Mutex<[TopicName: [WakeupSignal]]>([:])
    private let stopping = LockedFlag()
    private let finished = WakeupSignal()
    private let connected = Mutex(false)
    private let connections = Mutex(0)

    /// Starts the listening thread.
    public init(url: String, logger: Logger? = nil) {
        self.url = url
        self.logger = logger
        let thread = Thread { [self] in listenLoop() }
        thread.name = "eventlog-listen"
        thread.start()
    }

    public func subscribe(topic: TopicName) -> WakeupSignal {
        let signal = WakeupSignal()
        subscribers.withLock { $0[topic, default: []].append(signal) }
        return signal
    }

    public func unsubscribe(_ signal: WakeupSignal) {
        subscribers.withLock { table in
            for topic in table.keys { table[topic]?.removeAll { $0 === signal } }
        }
    }

    /// True while the LISTEN connection is up (for readiness and tests).
    public var isListening: Bool { connected.withLock { $0 } }

    /// How many times the LISTEN connection was established (1 until it first drops).
    public var connectionCount: Int { connections.withLock { $0 } }

    /// Stops the thread (within about a second) and closes its connection.
    public func stop() {
        stopping.set()
        finished.wait(timeout: .seconds(5))
    }

    private func listenLoop() {
        var failures = 0
        let backoff = Backoff(base: .milliseconds(100), maximum: .seconds(5))
        while !stopping.isSet {
            do {
                let connection = try PostgresConnection.connect(url: url)
                defer { connection.close() }
                try connection.listen(PostgresIdentifier(EventLogSchema.notificationChannel))
                connected.withLock { $0 = true }
                connections.withLock { $0 += 1 }
                failures = 0
                signalAll()  // anything sent while we were away
                while !stopping.isSet {
                    for notification in try connection.waitForNotifications(timeout: .seconds(1)) {
                        signal(topicName: notification.payload)
                    }
                }
            } catch {
                connected.withLock { $0 = false }
                failures += 1
                logger?.warning("event log LISTEN connection failed; reconnecting", [("error", "\(error)")])
                Thread.sleep(forTimeInterval: Consumer.seconds(backoff.delay(forRetry: failures)))
            }
        }
        connected.withLock { $0 = false }
        finished.signal()
    }

    private func signal(topicName: String) {
        guard let topic = TopicName(topicName) else { return }
        for signal in subscribers.withLock({ $0[topic] ?? [] }) { signal.signal() }
    }

    private func signalAll() {
        for signal in subscribers.withLock({ $0.values.flatMap { $0 } }) { signal.signal() }
    }
}
