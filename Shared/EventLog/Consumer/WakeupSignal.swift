import Foundation

/// A level-triggered wake-up flag a consumer sleeps on: `signal()` sets it (from any thread),
/// `wait(timeout:)` returns at once when it is set, else sleeps until it is or the timeout
/// passes; either way it clears the flag.
///
/// Level-triggered, so a notification that arrives while the consumer is busy is not lost.
public final class WakeupSignal: @unchecked Sendable {
    // NSCondition guards `pending`; no other state.
    private let condition = NSCondition()
    private var pending = false

    public init() {}

    /// Wakes the waiter (or the next one).
    public func signal() {
        condition.lock()
        pending = true
        condition.signal()
        condition.unlock()
    }

    /// Sleeps until signalled or `timeout` passes; true when signalled.
    @discardableResult
    public func wait(timeout: Duration) -> Bool {
        let (seconds, attoseconds) = timeout.components
        let deadline = Date(timeIntervalSinceNow: Double(seconds) + Double(attoseconds) / 1e18)
        condition.lock()
        defer { condition.unlock() }
        while !pending {
            if !condition.wait(until: deadline) { break }
        }
        let signalled = pending
        pending = false
        return signalled
    }
}

/// Where consumers learn that a topic has new records: the PostgreSQL log's LISTEN
/// connection, or the in-memory log. `subscribe` returns a signal that is raised on every
/// append to `topic` (possibly spuriously); consumers also poll, so a missed wake-up only
/// costs latency.
public protocol AppendNotifier: Sendable {
    /// A signal raised when `topic` may have new records.
    func subscribe(topic: TopicName) -> WakeupSignal
    /// Stops raising `signal`.
    func unsubscribe(_ signal: WakeupSignal)
}
