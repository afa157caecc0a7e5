/// An element type whose Swift arrays map to one PostgreSQL type: `[UInt8]` is bytea,
/// `[String]` is text[], `[Int64]` is int8[]. (One protocol because Swift allows `Array`
/// only one conditional conformance to `PostgresEncodable`.)
public protocol PostgresArrayElement {
    static var postgresArrayType: PostgresDataType { get }
    static func postgresArrayText(_ elements: [Self]) -> String
    static func postgresArray(fromText text: String, type: PostgresDataType) throws(PostgresDecodingFailure) -> [Self]
}

extension Array: PostgresEncodable where Element: PostgresArrayElement {
    public static var postgresType: PostgresDataType { Element.postgresArrayType }
    public var postgresText: String? { Element.postgresArrayText(self) }
}

extension Array: PostgresDecodable where Element: PostgresArrayElement {
    public init(postgresText text: String, type: PostgresDataType) throws(PostgresDecodingFailure) {
        self = try Element.postgresArray(fromText: text, type: type)
    }
}

extension String: PostgresArrayElement {
    public static var postgresArrayType: PostgresDataType { .textArray }
    public static func postgresArrayText(_ elements: [String]) -> String {
        PostgresArrayLiteral.format(elements.map { PostgresArrayLiteral.quote($0) })
    }
    public static func postgresArray(fromText text: String, type: PostgresDataType) throws(PostgresDecodingFailure)
        -> [String]
    {
        guard type == .textArray || type == .varcharArray else { throw PostgresDecodingFailure("column is not text[]") }
        return try PostgresArrayLiteral.parse(text).map { element throws(PostgresDecodingFailure) in
            guard let element else { throw PostgresDecodingFailure("array holds NULL") }
            return element
        }
    }
}

extension Int64: PostgresArrayElement {
    public static var postgresArrayType: PostgresDataType { .int8Array }
    public static func postgresArrayText(_ elements: [Int64]) -> String {
        PostgresArrayLiteral.format(elements.map { String($0) })
    }
    public static func postgresArray(fromText text: String, type: PostgresDataType) throws(PostgresDecodingFailure)
        -> [Int64]
    {
        guard type == .int8Array || type == .int4Array else { throw PostgresDecodingFailure("column is not int8[]") }
        return try PostgresArrayLiteral.parse(text).map { element throws(PostgresDecodingFailure) in
            guard let element, let value = Int64(element) else {
                throw PostgresDecodingFailure("array element is NULL or not an integer")
            }
            return value
        }
    }
}

/// PostgreSQL's one-dimensional array literal: `{1,2}`, `{"a","b \"c\""}`, `{NULL}`.
enum PostgresArrayLiteral {
    static func format(_ elements: [String]) -> String { "{" + elements.joined(separator: ",") + "}" }

    /// Double-quotes an element, escaping `"` and `\`.
    static func quote(_ element: String) -> String {
        var out = "\""
        for character in element.unicodeScalars {
            if character == "\"" || character == "\\" { out.unicodeScalars.append("\\") }
            out.unicodeScalars.append(character)
        }
        return out + "\""
    }

    /// Parses a one-dimensional array; unquoted `NULL` is nil.
    static func parse(_ text: String) throws(PostgresDecodingFailure) -> [String?] {
        let scalars = Array(text.unicodeScalars)
        guard scalars.first == "{", scalars.last == "}" else { throw PostgresDecodingFailure("not an array literal") }
        var elements: [String?] = []
        var index = 1
        let end = scalars.count - 1
        if index == end { return [] }
        while index <= end {
            var element = ""
            var quoted = false
            if scalars[index] == "\"" {
                quoted = true
                index += 1
                while index < end, scalars[index] != "\"" {
                    if scalars[index] == "\\" { index += 1 }
                    guard index < end else { throw PostgresDecodingFailure("unterminated array element") }
                    element.unicodeScalars.append(scalars[index])
                    index += 1
                }
                index += 1
            } else {
                while index < end, scalars[index] != "," {
                    if scalars[index] == "{" { throw PostgresDecodingFailure("multi-dimensional arrays unsupported") }
                    element.unicodeScalars.append(scalars[index])
                    index += 1
                }
            }
            elements.append(!quoted && element == "NULL" ? nil : element)
            guard index == end || scalars[index] == "," else { throw PostgresDecodingFailure("malformed array") }
            index += 1
        }
        return elements
    }
}
