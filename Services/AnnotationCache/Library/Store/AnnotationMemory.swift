import Synchronization

/// The in-memory side of the store: computed windows by (analysis, start) in a byte-bounded
/// LRU, behind one lock. `epoch` counts writes, so a reader that loaded windows from the
/// database does not put back data a concurrent write already replaced.
public final class AnnotationMemory: Sendable {
    private struct State {
        var lru: ByteBoundedLRU<WindowKey, CachedWindow>
        var epoch: UInt64 = 0
        var hits: UInt64 = 0
        var misses: UInt64 = 0
    }

    private let state: Mutex<State>

    /// - Parameter maxBytes: the memory bound (`SLUICE_CACHE_MAX_BYTES`).
    public init(maxBytes: Int) { state = Mutex(State(lru: ByteBoundedLRU(capacity: maxBytes))) }

    /// The windows found for `starts` (nil where absent or expired, counted as misses) and
    /// the epoch to pass to `fill`.
    public func lookup(analysis: String, starts: [Int64], notStoredBefore: Int64?) -> (windows: [CachedWindow?], epoch: UInt64) {
        state.withLock { state in
            var found: [CachedWindow?] = []
            found.reserveCapacity(starts.count)
            for start in starts {
                let key = WindowKey(analysis: analysis, start: start)
                if let window = state.lru.value(for: key) {
                    if let limit = notStoredBefore, window.storedAt < limit {
                        state.lru.remove(key)
                        found.append(nil)
                        state.misses += 1
                        continue
                    }
                    found.append(window)
                    state.hits += 1
                } else {
                    found.append(nil)
                    state.misses += 1
                }
            }
            return (found, state.epoch)
        }
    }

    /// Puts windows read from the database, unless a write happened since `epoch`.
    public func fill(analysis: String, windows: [CachedWindow], epoch: UInt64) {
        state.withLock { state in
            guard state.epoch == epoch else { return }
            for window in windows {
                state.lru.set(WindowKey(analysis: analysis, start: window.start), window, cost: window.cost)
            }
        }
    }

    /// Replaces windows after a write (and moves the epoch on).
    public func store(analysis: String, windows: [CachedWindow]) {
        state.withLock { state in
            state.epoch &+= 1
            for window in windows {
                state.lru.set(WindowKey(analysis: analysis, start: window.start), window, cost: window.cost)
            }
        }
    }

    /// Drops the analysis's windows starting in `[from, to)`.
    public func remove(analysis: String, from: Int64, to: Int64) {
        state.withLock { state in
            state.epoch &+= 1
            state.lru.removeAll { $0.analysis == analysis && $0.start >= from && $0.start < to }
        }
    }

    /// Figures for metrics and `/v1/status`.
    public var statistics: (bytes: Int, windows: Int, hits: UInt64, misses: UInt64, evictions: Int, capacity: Int) {
        state.withLock { ($0.lru.totalCost, $0.lru.count, $0.hits, $0.misses, $0.lru.evictions, $0.lru.capacity) }
    }
}
