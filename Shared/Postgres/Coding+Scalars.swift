// Text-format encoding and decoding of integers, Bool, Double and String.

extension Int64: PostgresEncodable, PostgresDecodable {
    public static var postgresType: PostgresDataType { .int8 }
    public var postgresText: String? { String(self) }
    public init(postgresText text: String, type: PostgresDataType) throws(PostgresDecodingFailure) {
        guard type.isInteger || type == .numeric || type.isTextual || type == .unspecified, let value = Int64(text)
        else { throw PostgresDecodingFailure("not an integer that fits Int64") }
        self = value
    }
}

extension Int: PostgresEncodable, PostgresDecodable {
    public static var postgresType: PostgresDataType { .int8 }
    public var postgresText: String? { String(self) }
    public init(postgresText text: String, type: PostgresDataType) throws(PostgresDecodingFailure) {
        self = Int(try Int64(postgresText: text, type: type))
    }
}

extension Int32: PostgresEncodable, PostgresDecodable {
    public static var postgresType: PostgresDataType { .int4 }
    public var postgresText: String? { String(self) }
    public init(postgresText text: String, type: PostgresDataType) throws(PostgresDecodingFailure) {
        guard let value = Int32(exactly: try Int64(postgresText: text, type: type)) else {
            throw PostgresDecodingFailure("integer out of Int32 range")
        }
        self = value
    }
}

extension Bool: PostgresEncodable, PostgresDecodable {
    public static var postgresType: PostgresDataType { .bool }
    public var postgresText: String? { self ? "t" : "f" }
    public init(postgresText text: String, type: PostgresDataType) throws(PostgresDecodingFailure) {
        guard type == .bool else { throw PostgresDecodingFailure("column is not bool") }
        switch text {
        case "t", "true": self = true
        case "f", "false": self = false
        default: throw PostgresDecodingFailure("not a bool literal")
        }
    }
}

extension Double: PostgresEncodable, PostgresDecodable {
    public static var postgresType: PostgresDataType { .float8 }
    public var postgresText: String? {
        if isNaN { return "NaN" }
        if isInfinite { return self > 0 ? "Infinity" : "-Infinity" }
        return String(self)
    }
    public init(postgresText text: String, type: PostgresDataType) throws(PostgresDecodingFailure) {
        guard type == .float8 || type == .float4 || type == .numeric || type.isInteger else {
            throw PostgresDecodingFailure("column is not numeric")
        }
        switch text {
        case "NaN": self = .nan
        case "Infinity": self = .infinity
        case "-Infinity": self = -.infinity
        default:
            guard let value = Double(text) else { throw PostgresDecodingFailure("not a floating-point literal") }
            self = value
        }
    }
}

extension String: PostgresEncodable, PostgresDecodable {
    public static var postgresType: PostgresDataType { .text }
    public var postgresText: String? { self }
    /// Any column decodes as String: its PostgreSQL text representation.
    public init(postgresText text: String, type: PostgresDataType) throws(PostgresDecodingFailure) {
        self = text
    }
}
