/// One schema migration: a version, a name, and SQL (possibly several statements, no
/// interpolated values). Its checksum is of the SQL text, so editing an applied migration
/// is detected.
public struct Migration: Sendable {
    public var version: Int
    public var name: String
    public var sql: PostgresQuery

    public init(version: Int, name: String, sql: PostgresQuery) {
        self.version = version
        self.name = name
        self.sql = sql
    }

    /// FNV-1a 64 of the SQL text, as 16 hex digits.
    public var checksum: String {
        let hash = FNV1a64.hash(sql.sql.utf8)
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}

/// FNV-1a, 64 bits: a stable hash for checksums and advisory-lock keys (not for security).
enum FNV1a64 {
    static func hash(_ bytes: some Sequence<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash
    }
}
