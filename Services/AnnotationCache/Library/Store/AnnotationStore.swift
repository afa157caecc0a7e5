import Synchronization
import SluiceJSON
import SluicePostgres

/// The annotation store: memory first (`AnnotationMemory`), PostgreSQL behind it
/// (`CacheSchema`), written through on every batch. A window missing from memory is looked up
/// in the database before it is called missing, so a restarted cache is warm.
///
///     let store = AnnotationStore(pool: runtime.database, memory: AnnotationMemory(maxBytes: 256 << 20))
///     try store.put(batch)
///     let read = try store.read(analysis: "hourly_views", range: WindowRange(from: a, to: b))
///
/// Every call blocks its thread for the database round trips it needs.
public final class AnnotationStore: Sendable {
    public let pool: PostgresPool
    public let memory: AnnotationMemory
    let now: @Sendable () -> Timestamp
    private let analyses = Mutex<[String: AnalysisInfo]>([:])

    /// The most windows one read may span.
    public static let maximumWindowsPerRead = 10_000

    public init(pool: PostgresPool, memory: AnnotationMemory, now: @escaping @Sendable () -> Timestamp = { Timestamp.now() }) {
        self.pool = pool
        self.memory = memory
        self.now = now
    }

    /// What a batch changed.
    public struct PutResult: Sendable, Hashable {
        /// Windows written (new, newer version, or recomputed).
        public var windows: Int
        /// Windows skipped because the store holds a newer version.
        public var staleWindows: Int
        public var documents: Int
    }

    /// Stores a batch idempotently: per window, a newer version replaces the older one's
    /// documents, the same version replaces documents that changed, and an older version is
    /// ignored. Memory is updated after the commit.
    @discardableResult
    public func put(_ batch: AnnotationBatch) throws -> PutResult {
        guard let windowLength = batch.windowMicroseconds else { return PutResult(windows: 0, staleWindows: 0, documents: 0) }
        let versions = batch.versionByWindow
        let storedAt = now().microsecondsSinceEpoch
        let (info, written, stale, documentCount) = try pool.withTransaction { connection in
            let info = try upsertAnalysis(batch, windowLength: windowLength, on: connection)
            let starts = versions.keys.sorted()
            var existing: [Int64: Int64] = [:]
            for row in try connection.query(
                """
                SELECT window_start_us, version FROM annotation_cache.windows
                WHERE analysis = \(batch.analysis) AND window_start_us = ANY(\(starts)) FOR UPDATE
                """)
            {
                let (start, version) = try row.decode((Int64, Int64).self)
                existing[start] = version
            }
            let accepted = starts.filter { versions[$0]! >= (existing[$0] ?? 0) }
            let acceptedVersions = accepted.map { versions[$0]! }
            try connection.execute(
                """
                DELETE FROM annotation_cache.annotations a
                USING unnest(\(accepted)::int8[], \(acceptedVersions)::int8[]) AS w(s, v)
                WHERE a.analysis = \(batch.analysis) AND a.window_start_us = w.s AND a.version < w.v
                """)
            try connection.execute(
                """
                INSERT INTO annotation_cache.windows (analysis, window_start_us, window_end_us, version, stored_at_us)
                SELECT \(batch.analysis), s, s + \(windowLength), v, \(storedAt)
                FROM unnest(\(accepted)::int8[], \(acceptedVersions)::int8[]) AS w(s, v)
                ON CONFLICT (analysis, window_start_us) DO UPDATE SET version = EXCLUDED.version,
                    window_end_us = EXCLUDED.window_end_us, stored_at_us = EXCLUDED.stored_at_us
                """)
            let documents = Self.latestDocuments(batch, acceptedVersions: Dictionary(uniqueKeysWithValues: zip(accepted, acceptedVersions)))
            try connection.execute(
                """
                INSERT INTO annotation_cache.annotations (analysis, window_start_us, group_key, version, document)
                SELECT \(batch.analysis), s, g, v, d
                FROM unnest(\(documents.map(\.windowStart.microsecondsSinceEpoch))::int8[], \(documents.map(\.groupKey))::text[],
                    \(documents.map(\.version))::int8[], \(documents.map { String(decoding: JSONSerializer.serialize($0.document), as: UTF8.self) })::text[])
                    AS x(s, g, v, d)
                ON CONFLICT (analysis, window_start_us, group_key) DO UPDATE
                SET version = EXCLUDED.version, document = EXCLUDED.document
                WHERE annotations.version <> EXCLUDED.version OR annotations.document <> EXCLUDED.document
                """)
            let written = try Self.loadWindows(analysis: batch.analysis, starts: accepted, on: connection)
            return (info, written, starts.count - accepted.count, documents.count)
        }
        analyses.withLock { $0[batch.analysis] = info }
        memory.store(analysis: batch.analysis, windows: written)
        return PutResult(windows: written.count, staleWindows: stale, documents: documentCount)
    }

    /// Per (window, group), the batch's document of the window's accepted version (last wins).
    private static func latestDocuments(_ batch: AnnotationBatch, acceptedVersions: [Int64: Int64]) -> [AnnotationDocument] {
        var byKey: [String: AnnotationDocument] = [:]
        var order: [String] = []
        for document in batch.documents {
            guard acceptedVersions[document.windowStart.microsecondsSinceEpoch] == document.version else { continue }
            let key = "\(document.windowStart.microsecondsSinceEpoch)|\(document.groupKey)"
            if byKey.updateValue(document, forKey: key) == nil { order.append(key) }
        }
        return order.map { byKey[$0]! }
    }

    private func upsertAnalysis(_ batch: AnnotationBatch, windowLength: Int64, on connection: PostgresConnection) throws
        -> AnalysisInfo
    {
        let version = batch.versionByWindow.values.max() ?? 1
        let row = try connection.query(
            """
            INSERT INTO annotation_cache.analyses (name, version, window_us, topic, ttl_seconds)
            VALUES (\(batch.analysis), \(version), \(windowLength), \(batch.topic), \(batch.ttlSeconds))
            ON CONFLICT (name) DO UPDATE SET
                window_us = CASE WHEN EXCLUDED.version >= analyses.version THEN EXCLUDED.window_us ELSE analyses.window_us END,
                version = GREATEST(analyses.version, EXCLUDED.version),
                topic = COALESCE(EXCLUDED.topic, analyses.topic),
                ttl_seconds = COALESCE(EXCLUDED.ttl_seconds, analyses.ttl_seconds),
                updated_at = now()
            RETURNING version, window_us, topic, ttl_seconds
            """)[0]
        let (stored, window, topic, ttl) = try row.decode((Int64, Int64, String?, Int64?).self)
        return AnalysisInfo(name: batch.analysis, version: stored, windowMicroseconds: window, topic: topic, ttlSeconds: ttl)
    }

    /// The windows stored for `starts` with their documents, ascending.
    static func loadWindows(analysis: String, starts: [Int64], on connection: PostgresConnection) throws -> [CachedWindow] {
        guard !starts.isEmpty else { return [] }
        var windows: [CachedWindow] = []
        for row in try connection.query(
            """
            SELECT w.window_start_us, w.window_end_us, w.version, w.stored_at_us, a.group_key, a.document
            FROM annotation_cache.windows w
            LEFT JOIN annotation_cache.annotations a
                ON a.analysis = w.analysis AND a.window_start_us = w.window_start_us
            WHERE w.analysis = \(analysis) AND w.window_start_us = ANY(\(starts))
            ORDER BY w.window_start_us, a.group_key
            """)
        {
            let (start, end, version, storedAt, groupKey, text) = try row.decode(
                (Int64, Int64, Int64, Int64, String?, String?).self)
            if windows.last?.start != start {
                windows.append(CachedWindow(start: start, end: end, version: version, storedAt: storedAt, documents: []))
            }
            guard let groupKey, let text else { continue }
            let bytes = Array(text.utf8)
            let group = (try? JSONParser().parse(bytes))?["group"]?.object ?? JSONObject()
            windows[windows.count - 1].documents.append(CachedWindow.Document(groupKey: groupKey, group: group, bytes: bytes))
        }
        return windows
    }

    /// The analysis as stored (memory first), or nil when no batch ever named it.
    public func analysis(_ name: String) throws -> AnalysisInfo? {
        if let info = analyses.withLock({ $0[name] }) { return info }
        let row = try pool.withConnection { connection in
            try connection.query(
                "SELECT version, window_us, topic, ttl_seconds FROM annotation_cache.analyses WHERE name = \(name)"
            ).first
        }
        guard let row else { return nil }
        let (version, window, topic, ttl) = try row.decode((Int64, Int64, String?, Int64?).self)
        let info = AnalysisInfo(name: name, version: version, windowMicroseconds: window, topic: topic, ttlSeconds: ttl)
        analyses.withLock { $0[name] = info }
        return info
    }

    /// Drops the cached description of an analysis (another replica changed it); the next
    /// read loads it from the database.
    public func forgetAnalysis(_ name: String) {
        _ = analyses.withLock { $0.removeValue(forKey: name) }
    }

    /// Every analysis the cache holds, by name.
    public func listAnalyses() throws -> [AnalysisInfo] {
        try pool.withConnection { connection in
            try connection.query(
                "SELECT name, version, window_us, topic, ttl_seconds FROM annotation_cache.analyses ORDER BY name"
            ).map { row in
                let (name, version, window, topic, ttl) = try row.decode((String, Int64, Int64, String?, Int64?).self)
                return AnalysisInfo(name: name, version: version, windowMicroseconds: window, topic: topic, ttlSeconds: ttl)
            }
        }
    }
}
