/// A position in the stream: the last delivered log offset of each streamed topic, in the
/// order of `AnnotationCacheService.streamTopics` (completed, invalidated, failed, alert).
/// Written as the SSE `id`, offsets joined by dots (`12.3.0.1`), so that a client resuming with
/// `Last-Event-ID` misses nothing on any of the topics.
public struct StreamCursor: Sendable, Hashable, CustomStringConvertible {
    public var offsets: [Int64]

    public init(offsets: [Int64]) { self.offsets = offsets }

    /// Parses an id written by `description`; nil when malformed or of another topic count.
    public init?(_ text: String, topicCount: Int) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == topicCount else { return nil }
        var offsets: [Int64] = []
        for part in parts {
            guard part.utf8.count <= 19, let offset = Int64(part), offset >= 0 else { return nil }
            offsets.append(offset)
        }
        self.offsets = offsets
    }

    public var description: String { offsets.map(String.init).joined(separator: ".") }
}
