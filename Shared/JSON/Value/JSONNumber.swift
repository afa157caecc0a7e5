/// A JSON number: an exact `Int64` when the input was an integer that fits, otherwise a `Double`.
///
/// - Integers written without fraction or exponent (`812`, `-3`) are kept exactly as `Int64`.
/// - Integers beyond the `Int64` range (`18446744073709551616`) and every number written with a
///   fraction or exponent (`1.5`, `1e2`, `1.0`) are stored as the nearest `Double`; integers
///   beyond 2^53 therefore lose precision. This is what JavaScript, JCS (RFC 8785) and most
///   JSON implementations do.
/// - A `Double` is always finite: JSON cannot spell NaN or infinity. The parser rejects
///   numbers whose magnitude overflows `Double` (`1e400`), `init(_: Double)` traps on a
///   non-finite value and `init?(exactly:)` returns nil for one.
///
/// Numbers compare and hash by mathematical value: `1`, `1.0` and `1e0` are equal, and the
/// integer 2^60 equals the double 2^60. Comparisons between an `Int64` and a `Double` are exact.
public struct JSONNumber: Sendable, Hashable, CustomStringConvertible {
    /// How the number is stored.
    public enum Storage: Sendable {
        /// An exact integer.
        case int(Int64)
        /// A finite double.
        case double(Double)
    }

    /// The stored representation.
    public let storage: Storage

    /// An exact integer.
    @inlinable public init(_ value: Int64) { storage = .int(value) }

    /// An exact integer (any `BinaryInteger` that fits in `Int64`; traps otherwise).
    @inlinable public init(_ value: Int) { storage = .int(Int64(value)) }

    /// A finite double. Traps on NaN or infinity, which JSON cannot represent;
    /// use `init?(exactly:)` for values that may be non-finite.
    public init(_ value: Double) {
        precondition(value.isFinite, "JSON numbers must be finite, got \(value)")
        storage = .double(value)
    }

    /// A finite double, or nil when `value` is NaN or infinite.
    public init?(exactly value: Double) {
        guard value.isFinite else { return nil }
        storage = .double(value)
    }

    /// The value as `Int64` when it is an integer in range (`3`, `3.0`, `3e0`), else nil.
    public var int64: Int64? {
        switch storage {
        case .int(let value): return value
        case .double(let value): return Int64(exactly: value)
        }
    }

    /// The value as `Double` (integers beyond 2^53 are rounded to the nearest double).
    public var double: Double {
        switch storage {
        case .int(let value): return Double(value)
        case .double(let value): return value
        }
    }

    /// True when the value is mathematically an integer (whatever its storage).
    public var isIntegral: Bool {
        switch storage {
        case .int: return true
        case .double(let value): return value.rounded(.towardZero) == value
        }
    }

    public static func == (lhs: JSONNumber, rhs: JSONNumber) -> Bool {
        switch (lhs.storage, rhs.storage) {
        case (.int(let a), .int(let b)): return a == b
        case (.double(let a), .double(let b)): return a == b
        case (.int(let a), .double(let b)), (.double(let b), .int(let a)):
            guard let exact = Int64(exactly: b) else { return false }
            return exact == a
        }
    }

    public func hash(into hasher: inout Hasher) {
        // Hash integral values as Int64 so that equal numbers hash equally across storages.
        switch storage {
        case .int(let value): hasher.combine(value)
        case .double(let value):
            if let exact = Int64(exactly: value) {
                hasher.combine(exact)
            } else {
                hasher.combine(value)
            }
        }
    }

    /// The canonical spelling (see `JSONSerializer.appendNumber`): `1`, `1.5`, `1e+21`.
    public var description: String {
        var bytes: [UInt8] = []
        JSONNumberFormatter.append(self, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }
}

extension JSONNumber: ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral {
    public init(integerLiteral value: Int64) { self.init(value) }
    public init(floatLiteral value: Double) { self.init(value) }
}
