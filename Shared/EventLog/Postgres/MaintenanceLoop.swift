import Foundation
import SluiceObservability

/// Runs `PostgresEventLog.runMaintenance()` now and then every `interval` on a thread of its
/// own, until `stop()`. Every replica may run one: the pass takes an advisory lock, so only
/// one works at a time and the others return at once.
public final class MaintenanceLoop: Sendable {
    private let wakeup = WakeupSignal()
    private let stopping = LockedFlag()
    private let finished = WakeupSignal()

    /// Starts the thread.
    public init(log: PostgresEventLog, interval: Duration = .seconds(3600), logger: Logger? = nil) {
        let thread = Thread { [wakeup, stopping, finished] in
            while !stopping.isSet {
                do {
                    let dropped = try log.runMaintenance()
                    if !dropped.isEmpty {
                        logger?.info(
                            "event log retention dropped partitions",
                            [("partitions", dropped.map(\.tableName).joined(separator: ","))])
                    }
                } catch {
                    logger?.warning("event log maintenance failed", [("error", "\(error)")])
                }
                wakeup.wait(timeout: interval)
            }
            finished.signal()
        }
        thread.name = "eventlog-maintenance"
        thread.start()
    }

    /// Stops the thread after the pass in progress, if any.
    public func stop() {
        stopping.set()
        wakeup.signal()
        finished.wait(timeout: .seconds(30))
    }
}
