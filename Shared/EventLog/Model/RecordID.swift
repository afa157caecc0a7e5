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
        var bytes: [UInt8] = []
        bytes.reserveCapacity(256)
        bytes.append(contentsOf: topic.rawValue.utf8)
        bytes.append(0)
        time.appendRFC3339(to: &bytes)
        bytes.append(0)
        JSONSerializer.appendCanonical(payload, to: &bytes)
        return "sha256:" + SHA256.hexDigest(bytes)
    }

    /// True when `id` can be stored: 1–`maximumLength` UTF-8 bytes, no NUL.
    public static func isValid(_ id: String) -> Bool {
        let count = id.utf8.count
        return count >= 1 && count <= maximumLength && !id.utf8.contains(0)
    }
}
