import SluiceJSON

/// What the cache holds for one computed window of one analysis: every group's document, as
/// the exact bytes to send, plus the group for filtering. An empty `documents` is a window
/// computed with no document (not a missing one).
public struct CachedWindow: Sendable {
    /// One group's annotation.
    public struct Document: Sendable {
        public var groupKey: String
        public var group: JSONObject
        /// The serialized annotation, sent as is.
        public var bytes: [UInt8]
    }

    public var start: Int64
    public var end: Int64
    public var version: Int64
    /// When it was stored (microseconds since the epoch), for the analysis's TTL.
    public var storedAt: Int64
    public var documents: [Document]

    /// The bytes this entry costs in memory (documents plus a fixed overhead per entry and document).
    public var cost: Int {
        documents.reduce(96) { $0 + $1.bytes.count + $1.groupKey.utf8.count + 64 }
    }
}

/// The key of a window in memory.
public struct WindowKey: Hashable, Sendable {
    public var analysis: String
    public var start: Int64
}
