/// What the cache knows of one analysis, learned from the batches Analytics sent.
public struct AnalysisInfo: Sendable, Hashable {
    public var name: String
    /// The newest version stored.
    public var version: Int64
    /// The window length in microseconds.
    public var windowMicroseconds: Int64
    /// The analysed topic, when a batch named it (read scopes `read:<topic>` then apply).
    public var topic: String?
    /// Documents older than this are expired (not served, reported missing); nil or 0: never.
    public var ttlSeconds: Int64?
}
