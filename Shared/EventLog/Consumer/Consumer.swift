import Foundation
import SluiceObservability

/// One member of a consumer group: leases ranges of a topic, hands each record to a handler
/// (retrying with backoff), parks records that keep failing, and commits.
///
/// ```swift
/// let consumer = Consumer(log: log, group: group, topic: topic, member: "analytics-\(pid)",
///                         notifier: log.notifier)
/// let thread = Thread { consumer.run { record in try handle(record) } }
/// thread.start()
/// ...
/// consumer.stop()   // returns at once; run() returns after the current record
/// ```
///
/// Delivery is at-least-once: a handler may see a record again when its member died or lost
/// the lease before committing, so handlers must be idempotent (record ids help).
public final class Consumer: Sendable {
    public let log: any EventLog
    public let group: GroupName
    public let topic: TopicName
    public let member: String
    public let configuration: ConsumerConfiguration
    private let notifier: (any AppendNotifier)?
    private let logger: Logger?
    private let stopping = LockedFlag()
    private let wakeup: WakeupSignal

    public init(
        log: any EventLog, group: GroupName, topic: TopicName, member: String,
        configuration: ConsumerConfiguration = ConsumerConfiguration(), notifier: (any AppendNotifier)? = nil,
        logger: Logger? = nil
    ) {
        self.log = log
        self.group = group
        self.topic = topic
        self.member = member
        self.configuration = configuration
        self.notifier = notifier
        self.logger = logger
        self.wakeup = notifier?.subscribe(topic: topic) ?? WakeupSignal()
    }

    deinit { notifier?.unsubscribe(wakeup) }

    /// Asks `run` to return after the record in hand.
    public func stop() {
        stopping.set()
        wakeup.signal()
    }

    /// True once `stop()` was called.
    public var isStopping: Bool { stopping.isSet }

    /// Handles records until `stop()`: sleeps on notifications (or the poll interval) when
    /// there is nothing to do, and backs off when the log fails.
    public func run(handler: (LogRecord) throws -> Void) {
        var failures = 0
        while !isStopping {
            do {
                let handled = try processNextClaim(handler: handler)
                failures = 0
                if handled == nil { wakeup.wait(timeout: configuration.pollInterval) }
            } catch {
                failures += 1
                logger?.warning(
                    "event log consumer step failed",
                    [("group", group.rawValue), ("topic", topic.rawValue), ("error", "\(error)")])
                wakeup.wait(timeout: configuration.backoff.delay(forRetry: failures))
            }
        }
    }

    /// Leases the next range, handles it and commits; returns the number of records handled,
    /// or nil when there was nothing to claim. Stops early (without committing) when
    /// `stop()` is called mid-batch; the lease then expires and another member takes over.
    @discardableResult
    public func processNextClaim(handler: (LogRecord) throws -> Void) throws(EventLogError) -> Int? {
        guard
            var claim = try log.claim(
                group: group, topic: topic, member: member, maxRecords: configuration.batchSize,
                lease: configuration.lease)
        else { return nil }
        var parked: [ParkedRecord] = []
        let clock = ContinuousClock()
        var leasedAt = clock.now
        for record in claim.records {
            if isStopping { return nil }
            if let failure = handleWithRetries(record, handler: handler) {
                parked.append(ParkedRecord(offset: record.offset, error: failure.error, attempts: failure.attempts))
                logger?.warning(
                    "event log record parked",
                    [("group", group.rawValue), ("topic", topic.rawValue), ("offset", "\(record.offset)")])
            }
            // Renew once a third of the lease has passed, not after every record.
            if leasedAt.duration(to: clock.now) > configuration.lease / 3 {
                claim = try log.renew(claim, lease: configuration.lease)
                leasedAt = clock.now
            }
        }
        try log.complete(claim, parking: parked)
        return claim.records.count
    }

    /// Runs the handler up to `maxAttempts` times; nil on success, else the last error.
    func handleWithRetries(_ record: LogRecord, handler: (LogRecord) throws -> Void) -> (error: String, attempts: Int)? {
        var attempt = 1
        while true {
            do {
                try handler(record)
                return nil
            } catch {
                if attempt >= configuration.maxAttempts || isStopping { return ("\(error)", attempt) }
                Thread.sleep(forTimeInterval: Self.seconds(configuration.backoff.delay(forRetry: attempt)))
                attempt += 1
            }
        }
    }

    static func seconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}

/// A flag set once, read from any thread.
final class LockedFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false

    func set() { lock.withLock { value = true } }
    var isSet: Bool { lock.withLock { value } }
}
