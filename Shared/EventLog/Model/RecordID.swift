import SluiceCrypto
import SluiceJSON

/// Deterministic record ids.
///
/// A producer may give its own id (Ingest takes the producer's event id); otherwise the id is
/// derived from what makes the record what it is, so a retried append of the same event gets
/// the same id and is reported as a duplicate instead of stored twice.
public enum RecordID {
    /// The longest id accepted, in UTF-8 bytes.
    public static let maximumLength = 200

    /// `sha256:` + hex SHA-256 over `topic`, NUL, the RFC 3339 time, NUL, and the canonical
    /// JSON of `payload` (sorted keys, one number spelling), so key order and whitespace do not
    /// change the id.
    public static func derive(topic: TopicName, time: Timestamp, payload: JSONValue) -> String {
        var canonical: [UInt8] = []
        canonical.reserveCapacity(256)
        JSONSerializer.appendCanonical(payload, to: &canonical)
        return derive(topic: topic, time: time, canonicalPayload: canonical)
    }

    /// The same id from the payload's canonical JSON (`JSONSerializer.appendCanonical`), for
    /// callers that keep those bytes; a nil `time` hashes as the empty string.
    public static func derive(topic: TopicName, time: Timestamp?, canonicalPayload: [UInt8]) -> String {
        var prefix: [UInt8] = []
        prefix.reserveCapacity(64)
        prefix.append(contentsOf: topic.rawValue.utf8)
        prefix.append(0)
        time?.appendRFC3339(to: &prefix)
        prefix.append(0)
        var hasher = SHA256()
        hasher.update(prefix)
        hasher.update(canonicalPayload)
        return "sha256:" + Hex.encode(hasher.finalize())
    }

    /// True when `id` can be stored: 1–`maximumLength` UTF-8 bytes, no NUL.
    public static func isValid(_ id: String) -> Bool {
        let count = id.utf8.count
        return count >= 1 && count <= maximumLength && !id.utf8.contains(0)
    }
}
