import Synchronization

/// What a service needs before it can do its job (database reachable, migrations applied,
/// ...), each kept up to date by whoever watches it. `/readyz` reads it without blocking.
public final class Readiness: Sendable {
    /// One named condition and its latest state.
    public struct Check: Sendable, Equatable {
        public var name: String
        public var ok: Bool
        /// Why it is not ok (safe to show: no secrets, no connection strings).
        public var detail: String?
    }

    private let checks = Mutex<[Check]>([])

    public init() {}

    /// Declares a condition, initially not ok.
    public func declare(_ name: String, detail: String = "not checked yet") {
        checks.withLock { list in
            if !list.contains(where: { $0.name == name }) { list.append(Check(name: name, ok: false, detail: detail)) }
        }
    }

    /// Records the latest state of a condition.
    public func update(_ name: String, ok: Bool, detail: String? = nil) {
        checks.withLock { list in
            let check = Check(name: name, ok: ok, detail: ok ? nil : detail)
            if let index = list.firstIndex(where: { $0.name == name }) { list[index] = check } else { list.append(check) }
        }
    }

    public var snapshot: [Check] { checks.withLock { $0 } }
    public var isReady: Bool { checks.withLock { $0.allSatisfy(\.ok) } }
}
