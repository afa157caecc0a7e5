import Synchronization

/// The in-memory side of the store, behind one lock:
///
/// - computed windows by (analysis, start) in a byte-bounded LRU (7/8 of the bound);
/// - whole answers of complete reads (`MemoizedAnswer`, 1/8 of the bound), so that a repeated
///   read of the same range is one lookup instead of one per window.
///
/// Each analysis has an epoch that every write to it moves on: a reader that loaded windows
/// from the database does not put back data a concurrent write replaced, and a memoized
/// answer is only used while its analysis's epoch is unchanged.
public final class AnnotationMemory: Sendable {
    /// A complete answer: the whole body as sent (shared, not copied, while Analytics's
    /// reachability is unchanged), ending in `,"analyticsReachable":<analyticsReachable>}`.
    public struct MemoizedAnswer: Sendable {
        public var body: [UInt8]
        public var analyticsReachable: Bool
        public var windows: Int
        public var topic: String?
        var epoch: UInt64
        /// Microseconds since the epoch after which a window of it expires (TTL), or nil.
        var expiresAt: Int64?
    }

    private struct State {
        var lru: ByteBoundedLRU<WindowKey, CachedWindow>
        var answers: ByteBoundedLRU<String, MemoizedAnswer>
        var epochs: [String: UInt64] = [:]
        var nextEpoch: UInt64 = 1
        var hits: UInt64 = 0
        var misses: UInt64 = 0
    }

    private let state: Mutex<State>

    /// - Parameter maxBytes: the memory bound (`SLUICE_CACHE_MAX_BYTES`).
    public init(maxBytes: Int) {
        let answerBytes = maxBytes / 8
        state = Mutex(
            State(lru: ByteBoundedLRU(capacity: maxBytes - answerBytes), answers: ByteBoundedLRU(capacity: answerBytes)))
    }

    /// The windows found for `starts` (nil where absent or expired, counted as misses) and
    /// the analysis's epoch to pass to `fill` and `memoize`.
    public func lookup(analysis: String, starts: [Int64], notStoredBefore: Int64?) -> (windows: [CachedWindow?], epoch: UInt64) {
        state.withLock { state in
            var found: [CachedWindow?] = []
            found.reserveCapacity(starts.count)
            var key = WindowKey(analysis: analysis, start: 0)
            for start in starts {
                key.start = start
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
            return (found, state.epochs[analysis] ?? 0)
        }
    }

    /// Puts windows read from the database, unless the analysis was written since `epoch`.
    public func fill(analysis: String, windows: [CachedWindow], epoch: UInt64) {
        state.withLock { state in
            guard (state.epochs[analysis] ?? 0) == epoch else { return }
            for window in windows {
                state.lru.set(WindowKey(analysis: analysis, start: window.start), window, cost: window.cost)
            }
        }
    }

    /// Replaces windows after a write (and moves the analysis's epoch on).
    public func store(analysis: String, windows: [CachedWindow]) {
        state.withLock { state in
            Self.advance(analysis, &state)
            for window in windows {
                state.lru.set(WindowKey(analysis: analysis, start: window.start), window, cost: window.cost)
            }
        }
    }

    /// Drops the analysis's windows starting in `[from, to)` (and moves its epoch on).
    public func remove(analysis: String, from: Int64, to: Int64) {
        state.withLock { state in
            Self.advance(analysis, &state)
            state.lru.removeAll { $0.analysis == analysis && $0.start >= from && $0.start < to }
        }
    }

    /// Keeps a complete answer for `key`, unless the analysis was written since `epoch`.
    public func memoize(_ key: String, analysis: String, answer: MemoizedAnswer) {
        state.withLock { state in
            guard (state.epochs[analysis] ?? 0) == answer.epoch else { return }
            state.answers.set(key, answer, cost: answer.body.count + key.utf8.count + 64)
        }
    }

    /// The memoized answer for `key` if still valid at `now`; its windows count as hits.
    public func answer(_ key: String, analysis: String, now: Int64) -> MemoizedAnswer? {
        state.withLock { state in
            guard let answer = state.answers.value(for: key) else { return nil }
            guard answer.epoch == (state.epochs[analysis] ?? 0), (answer.expiresAt ?? .max) > now else {
                state.answers.remove(key)
                return nil
            }
            state.hits += UInt64(answer.windows)
            return answer
        }
    }

    /// True when `answer(key, ...)` would return an answer now (nothing is counted or moved).
    public func hasAnswer(_ key: String, analysis: String, now: Int64) -> Bool {
        state.withLock { state in
            guard let answer = state.answers.peek(key) else { return false }
            return answer.epoch == (state.epochs[analysis] ?? 0) && (answer.expiresAt ?? .max) > now
        }
    }

    /// A memoized answer's epoch stamp (for `MemoizedAnswer`).
    public static func answer(
        body: [UInt8], analyticsReachable: Bool, windows: Int, topic: String?, epoch: UInt64,
        expiresAt: Int64?
    ) -> MemoizedAnswer {
        MemoizedAnswer(
            body: body, analyticsReachable: analyticsReachable, windows: windows, topic: topic,
            epoch: epoch, expiresAt: expiresAt)
    }

    private static func advance(_ analysis: String, _ state: inout State) {
        state.epochs[analysis] = state.nextEpoch
        state.nextEpoch &+= 1
    }

    /// Figures for metrics and `/v1/status` (bytes include memoized answers).
    public var statistics: (bytes: Int, windows: Int, hits: UInt64, misses: UInt64, evictions: Int, capacity: Int) {
        state.withLock {
            (
                $0.lru.totalCost + $0.answers.totalCost, $0.lru.count, $0.hits, $0.misses, $0.lru.evictions,
                $0.lru.capacity + $0.answers.capacity
            )
        }
    }
}
