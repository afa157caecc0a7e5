import Synchronization

/// W3C Trace Context (https://www.w3.org/TR/trace-context/): the trace a piece of work
/// belongs to and the span that is doing it. An incoming `traceparent` is continued with a
/// new span; a missing or malformed one starts a new trace (never an error).
public struct TraceContext: Sendable, Hashable, CustomStringConvertible {
    /// 32 lowercase hex digits, not all zero.
    public let traceID: String
    /// 16 lowercase hex digits, not all zero: this span's id.
    public let spanID: String
    /// Trace flags; bit 0 is "sampled".
    public let flags: UInt8

    public init?(traceID: String, spanID: String, flags: UInt8 = 1) {
        guard Self.isHex(traceID, count: 32), Self.isHex(spanID, count: 16) else { return nil }
        self.traceID = traceID
        self.spanID = spanID
        self.flags = flags
    }

    /// The `traceparent` header value: `00-<trace-id>-<span-id>-<flags>`.
    public var traceparent: String {
        "00-\(traceID)-\(spanID)-\(Self.hexByte(flags))"
    }

    public var description: String { traceparent }

    /// Parses a `traceparent` header value (section 3.2). Returns nil for anything malformed:
    /// wrong lengths, upper-case hex, all-zero ids, version `ff`, or extra data on version 00.
    /// Higher versions are read by their first four fields, as the spec asks.
    public static func parse(traceparent value: String) -> TraceContext? {
        let bytes = Array(value.utf8)
        guard bytes.count >= 55 else { return nil }
        guard bytes[2] == 45, bytes[35] == 45, bytes[52] == 45 else { return nil }  // '-'
        let version = String(decoding: bytes[0..<2], as: UTF8.self)
        guard isHex(version, count: 2), version != "ff" else { return nil }
        if version == "00", bytes.count != 55 { return nil }
        if version != "00", bytes.count > 55, bytes[55] != 45 { return nil }
        let traceID = String(decoding: bytes[3..<35], as: UTF8.self)
        let spanID = String(decoding: bytes[36..<52], as: UTF8.self)
        let flagsText = String(decoding: bytes[53..<55], as: UTF8.self)
        guard isHex(flagsText, count: 2), let flags = UInt8(flagsText, radix: 16) else { return nil }
        return TraceContext(traceID: traceID, spanID: spanID, flags: flags)
    }

    /// A new trace with a random trace id and span id, sampled.
    public static func newTrace() -> TraceContext {
        TraceContext(traceID: randomHex(bytes: 16), spanID: randomHex(bytes: 8), flags: 1)!
    }

    /// A child span in the same trace (for the work this service does on behalf of the caller).
    public func child() -> TraceContext {
        TraceContext(traceID: traceID, spanID: Self.randomHex(bytes: 8), flags: flags)!
    }

    /// Continues the caller's trace when `traceparent` is valid, else starts a new one.
    public static func continuing(traceparent: String?) -> TraceContext {
        if let traceparent, let parent = parse(traceparent: traceparent) { return parent.child() }
        return newTrace()
    }

    static func isHex(_ text: String, count: Int) -> Bool {
        var nonZero = false
        var length = 0
        for byte in text.utf8 {
            length += 1
            guard (48...57).contains(byte) || (97...102).contains(byte) else { return false }
            if byte != 48 { nonZero = true }
        }
        return length == count && (nonZero || count == 2)
    }

    private static let digits: [Character] = Array("0123456789abcdef")

    static func hexByte(_ byte: UInt8) -> String {
        String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
    }

    /// `count` random bytes as hex, never all zero. Uses a fast generator seeded from the
    /// system's (ids must be unique, not secret; a syscall per request would cost more).
    static func randomHex(bytes count: Int) -> String {
        precondition(count <= 16)
        while true {
            let (high, low) = IDGenerator.shared.withLock { ($0.next(), $0.next()) }
            if high == 0 && (count <= 8 || low == 0) { continue }
            return String(unsafeUninitializedCapacity: count * 2) { buffer in
                for index in 0..<count {
                    let word = index < 8 ? high : low
                    let byte = UInt8(truncatingIfNeeded: word >> UInt64((index % 8) * 8))
                    buffer[index * 2] = hexDigits[Int(byte >> 4)]
                    buffer[index * 2 + 1] = hexDigits[Int(byte & 0x0F)]
                }
                return count * 2
            }
        }
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)
}

/// xoshiro256** (Blackman and Vigna), seeded from the system generator: trace and span ids.
struct Xoshiro256: RandomNumberGenerator {
    private var state: (UInt64, UInt64, UInt64, UInt64)

    init() {
        var system = SystemRandomNumberGenerator()
        repeat {
            state = (system.next(), system.next(), system.next(), system.next())
        } while state == (0, 0, 0, 0)
    }

    mutating func next() -> UInt64 {
        let result = ((state.1 &* 5) << 7 | (state.1 &* 5) >> 57) &* 9
        let t = state.1 << 17
        state.2 ^= state.0
        state.3 ^= state.1
        state.1 ^= state.2
        state.0 ^= state.3
        state.2 ^= t
        state.3 = state.3 << 45 | state.3 >> 19
        return result
    }
}

enum IDGenerator {
    static let shared = Mutex(Xoshiro256())
}
