import SluiceCrypto

/// The secret form of an API key: `sk_<id>_<secret>`, where `id` is 16 and `secret` 64
/// lowercase hex characters (random). Only `SHA-256(whole key)` is stored.
///
/// Carrying the id lets the server find the key's row by primary key, then compare the
/// stored digest with the presented key's digest in constant time: neither the look-up nor
/// the comparison takes a time that depends on how much of the secret was right.
public struct APIKeySecret: Sendable, Hashable {
    /// The public key id (also the row id).
    public let id: String
    /// The whole key as the client sends it.
    public let text: String

    /// Parses a presented key; nil when it does not have the shape above.
    public init?(_ text: String) {
        let parts = text.split(separator: "_", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "sk", parts[1].utf8.count == 16, parts[2].utf8.count == 64,
            parts[1].utf8.allSatisfy(Self.isHex), parts[2].utf8.allSatisfy(Self.isHex)
        else { return nil }
        id = String(parts[1])
        self.text = text
    }

    /// A new random key.
    public static func generate() -> APIKeySecret {
        var generator = SystemRandomNumberGenerator()
        let id = Hex.encode((0..<8).map { _ in UInt8.random(in: 0...255, using: &generator) })
        let secret = Hex.encode((0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) })
        return APIKeySecret("sk_\(id)_\(secret)")!
    }

    /// SHA-256 of the whole key: what the database keeps.
    public var digest: [UInt8] { SHA256.hash(Array(text.utf8)) }

    private static func isHex(_ byte: UInt8) -> Bool { (48...57).contains(byte) || (97...102).contains(byte) }
}
