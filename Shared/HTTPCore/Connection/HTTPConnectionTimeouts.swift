/// The time bounds of one connection, in nanoseconds of a monotonic clock.
public struct HTTPConnectionTimeouts: Sendable, Equatable {
    /// From the first byte of a request head to its end. Over it: 408 and close.
    public var header: UInt64
    /// From the end of a head to the end of its body. Over it: 408 and close.
    public var body: UInt64
    /// A keep-alive connection with no request in progress (and a fresh connection that
    /// has sent nothing). Over it: closed without a response.
    public var idle: UInt64

    public init(header: UInt64 = 10_000_000_000, body: UInt64 = 30_000_000_000, idle: UInt64 = 60_000_000_000) {
        self.header = header
        self.body = body
        self.idle = idle
    }
}
