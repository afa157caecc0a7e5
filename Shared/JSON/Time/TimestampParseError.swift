/// Why a text is not a valid RFC 3339 date-time (or full-date), with the character offset of
/// the problem. `description` is safe to return to the producer that sent the value.
public struct TimestampParseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong, e.g. "day 30 is out of range for 2026-02".
    public var reason: String
    /// Offset (in UTF-8 bytes) where the problem starts.
    public var offset: Int

    public init(reason: String, offset: Int) {
        self.reason = reason
        self.offset = offset
    }

    public var description: String { "\(reason) (at character \(offset))" }
}
