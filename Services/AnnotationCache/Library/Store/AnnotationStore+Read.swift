import SluiceJSON
import SluicePostgres

/// What a range read found.
public struct RangeRead: Sendable {
    /// The analysis, or nil when no batch ever named it (everything is missing then).
    public var analysis: AnalysisInfo?
    /// The requested range widened to whole windows (unchanged when the analysis is unknown).
    public var range: WindowRange
    /// The computed windows found, ascending.
    public var windows: [CachedWindow]
    /// Windows not computed (or expired), coalesced, ascending.
    public var missing: [WindowRange]
    /// Windows served from memory and from the database.
    public var memoryHits: Int
    public var databaseHits: Int
    /// The analysis's memory epoch when the read began (for `AnnotationMemory.memoize`).
    public var epoch: UInt64 = 0
    /// When the first of the windows expires under the analysis's TTL, if it has one.
    public var expiresAt: Int64? = nil
}

/// A read spanning more windows than `AnnotationStore.maximumWindowsPerRead`.
public struct RangeTooLarge: Error, Sendable {
    public var windows: Int64
}

extension AnnotationStore {
    /// The windows of `analysis` in `range` (widened to whole windows): from memory, then from
    /// the database for what memory lacks; the rest is missing.
    public func read(analysis name: String, range: WindowRange) throws -> RangeRead {
        guard let info = try analysis(name) else {
            return RangeRead(analysis: nil, range: range, windows: [], missing: [range], memoryHits: 0, databaseHits: 0)
        }
        let length = info.windowMicroseconds
        let widened = range.widened(toWindowsOf: length)
        let count = (widened.to - widened.from) / length
        guard count <= Self.maximumWindowsPerRead else { throw RangeTooLarge(windows: count) }
        let starts = Array(widened.windowStarts(length: length))
        let notStoredBefore = info.ttlSeconds.flatMap { $0 > 0 ? now().microsecondsSinceEpoch - $0 * 1_000_000 : nil }
        let (found, epoch) = memory.lookup(analysis: name, starts: starts, notStoredBefore: notStoredBefore)
        var windows = found
        let absent = zip(starts, found).compactMap { $1 == nil ? $0 : nil }
        var databaseHits = 0
        if !absent.isEmpty {
            let loaded = try pool.withConnection { connection in
                try Self.loadWindows(analysis: name, starts: absent, on: connection)
            }.filter { window in notStoredBefore.map { window.storedAt >= $0 } ?? true }
            memory.fill(analysis: name, windows: loaded, epoch: epoch)
            databaseHits = loaded.count
            var position: [Int64: Int] = [:]
            for (index, start) in starts.enumerated() { position[start] = index }
            for window in loaded { if let index = position[window.start] { windows[index] = window } }
        }
        let missingStarts = zip(starts, windows).compactMap { $1 == nil ? $0 : nil }
        let present = windows.compactMap { $0 }
        let ttl = info.ttlSeconds.flatMap { $0 > 0 ? $0 * 1_000_000 : nil }
        return RangeRead(
            analysis: info, range: widened, windows: present,
            missing: WindowRange.coalesce(starts: missingStarts, length: length),
            memoryHits: starts.count - absent.count, databaseHits: databaseHits, epoch: epoch,
            expiresAt: ttl.flatMap { ttl in present.map(\.storedAt).min().map { $0 + ttl } })
    }

    /// Deletes the analysis's windows in `range` (widened), in memory and in the database;
    /// `alsoInTransaction` runs in the same transaction (publishing the invalidation: it
    /// commits with the deletion or not at all). Returns the widened range and the windows deleted.
    @discardableResult
    public func invalidate(
        analysis name: String, range: WindowRange, alsoInTransaction: (PostgresConnection, WindowRange) throws -> Void = { _, _ in }
    ) throws -> (range: WindowRange, windows: Int) {
        let widened = try analysis(name).map { range.widened(toWindowsOf: $0.windowMicroseconds) } ?? range
        let deleted = try pool.withTransaction { connection in
            try connection.execute(
                """
                DELETE FROM annotation_cache.annotations WHERE analysis = \(name)
                AND window_start_us >= \(widened.from) AND window_start_us < \(widened.to)
                """)
            let windows = try connection.execute(
                """
                DELETE FROM annotation_cache.windows WHERE analysis = \(name)
                AND window_start_us >= \(widened.from) AND window_start_us < \(widened.to)
                """)
            try alsoInTransaction(connection, widened)
            return windows
        }
        memory.remove(analysis: name, from: widened.from, to: widened.to)
        return (widened, deleted)
    }
}
