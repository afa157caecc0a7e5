import Foundation
import SluiceHTTPCore

/// One `CircuitBreaker` per peer (`host:port`), behind a lock.
final class PeerBreakers: @unchecked Sendable {
    private let lock = NSLock()
    private var breakers: [String: CircuitBreaker] = [:]
    private let configuration: CircuitBreaker.Configuration

    init(configuration: CircuitBreaker.Configuration) {
        self.configuration = configuration
    }

    func acquire(peer: String, now: UInt64) -> CircuitBreaker.Permission {
        update(peer) { $0.acquire(now: now) }
    }

    func record(_ outcome: CircuitBreaker.Outcome, peer: String, now: UInt64) {
        update(peer) { $0.record(outcome, now: now) }
    }

    func abandon(peer: String, now: UInt64) {
        update(peer) { $0.abandon(now: now) }
    }

    func state(peer: String) -> CircuitBreaker.State {
        lock.withLock { breakers[peer]?.state ?? .closed }
    }

    private func update<R>(_ peer: String, _ body: (inout CircuitBreaker) -> R) -> R {
        lock.withLock {
            body(&breakers[peer, default: CircuitBreaker(configuration: configuration)])
        }
    }
}
