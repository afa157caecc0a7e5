/// One of the seven JSON Schema instance types.
public enum SchemaType: String, Sendable, Hashable, CaseIterable, Comparable {
    case object, array, string, number, integer, boolean, null

    /// Stable order for messages and catalogs: the declaration order.
    public static func < (lhs: SchemaType, rhs: SchemaType) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    /// The article and name for messages: "a string", "an integer", "null".
    var withArticle: String {
        switch self {
        case .object, .array, .integer: return "an \(rawValue)"
        case .null: return "null"
        default: return "a \(rawValue)"
        }
    }
}

/// The set of types a schema node accepts, as a bit set (no allocation on the hot path).
///
/// `integer` is a subset of `number`: a set containing `number` accepts integers too.
struct SchemaTypeSet: Sendable, Hashable {
    var bits: UInt8

    static let empty = SchemaTypeSet(bits: 0)
    /// Every type: what a node without `type` accepts.
    static let any = SchemaTypeSet(bits: 0x7F)

    init(bits: UInt8) { self.bits = bits }

    init(_ types: some Sequence<SchemaType>) {
        bits = 0
        for type in types { insert(type) }
    }

    static func bit(_ type: SchemaType) -> UInt8 {
        switch type {
        case .object: return 1
        case .array: return 2
        case .string: return 4
        case .number: return 8
        case .integer: return 16
        case .boolean: return 32
        case .null: return 64
        }
    }

    mutating func insert(_ type: SchemaType) { bits |= Self.bit(type) }

    /// True when the set names `type` exactly (no number/integer widening).
    func containsExactly(_ type: SchemaType) -> Bool { bits & Self.bit(type) != 0 }

    /// True when a value of `type` is accepted (an integer is accepted by `number`).
    func accepts(_ type: SchemaType) -> Bool {
        if containsExactly(type) { return true }
        return type == .integer && containsExactly(.number)
    }

    var isAny: Bool { self == .any }

    /// The listed types in declaration order.
    var types: [SchemaType] { SchemaType.allCases.filter { containsExactly($0) } }

    /// Types other than null.
    var nonNullTypes: [SchemaType] { types.filter { $0 != .null } }

    /// "string", "string or null", "any type".
    var summary: String {
        if isAny { return "any type" }
        return types.map(\.rawValue).joined(separator: " or ")
    }
}
