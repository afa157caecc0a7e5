import Foundation

/// The `Decoder` behind `JSONValueDecoder`: one per decoded value, also its own
/// single-value container.
final class JSONValueDecoding: Decoder, SingleValueDecodingContainer {
    let value: JSONValue
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init(value: JSONValue, codingPath: [any CodingKey]) {
        self.value = value
        self.codingPath = codingPath
    }

    // MARK: Decoder

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let object) = value else {
            throw Self.mismatch([String: JSONValue].self, expected: "an object", found: value, path: codingPath)
        }
        return KeyedDecodingContainer(JSONKeyedDecodingContainer<Key>(object: object, decoder: self, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let elements) = value else {
            throw Self.mismatch([JSONValue].self, expected: "an array", found: value, path: codingPath)
        }
        return JSONUnkeyedDecodingContainer(elements: elements, decoder: self, codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { self }

    // MARK: Unboxing, shared by all containers

    func unbox<T: Decodable>(_ value: JSONValue, as type: T.Type, path: [any CodingKey]) throws -> T {
        if type == JSONValue.self { return value as! T }
        if type == Date.self {
            let text = try unboxString(value, path: path)
            do {
                return try Timestamp(rfc3339: text).date as! T
            } catch {
                throw DecodingError.dataCorrupted(.init(
                    codingPath: path,
                    debugDescription: "invalid RFC 3339 date-time at \(JSONPath(codingPath: path)): \(error)"))
            }
        }
        return try T(from: JSONValueDecoding(value: value, codingPath: path))
    }

    func unboxString(_ value: JSONValue, path: [any CodingKey]) throws -> String {
        guard case .string(let text) = value else { throw Self.mismatch(String.self, expected: "a string", found: value, path: path) }
        return text
    }

    func unboxBool(_ value: JSONValue, path: [any CodingKey]) throws -> Bool {
        guard case .bool(let flag) = value else { throw Self.mismatch(Bool.self, expected: "a boolean", found: value, path: path) }
        return flag
    }

    func unboxInteger<T: FixedWidthInteger>(_ value: JSONValue, as type: T.Type, path: [any CodingKey]) throws -> T {
        guard case .number(let number) = value else {
            throw Self.mismatch(T.self, expected: "an integer", found: value, path: path)
        }
        let converted: T?
        switch number.storage {
        case .int(let integer): converted = T(exactly: integer)
        case .double(let double): converted = T(exactly: double)
        }
        guard let converted else {
            let problem = number.isIntegral ? "does not fit in \(T.self)" : "is not an integer"
            throw DecodingError.dataCorrupted(.init(
                codingPath: path, debugDescription: "number \(number) at \(JSONPath(codingPath: path)) \(problem)"))
        }
        return converted
    }

    func unboxDouble(_ value: JSONValue, path: [any CodingKey]) throws -> Double {
        guard case .number(let number) = value else { throw Self.mismatch(Double.self, expected: "a number", found: value, path: path) }
        return number.double
    }

    func unboxFloat(_ value: JSONValue, path: [any CodingKey]) throws -> Float {
        let double = try unboxDouble(value, path: path)
        let float = Float(double)
        guard float.isFinite else {
            throw DecodingError.dataCorrupted(.init(
                codingPath: path, debugDescription: "number \(double) at \(JSONPath(codingPath: path)) does not fit in Float"))
        }
        return float
    }

    static func mismatch(_ type: Any.Type, expected: String, found: JSONValue, path: [any CodingKey]) -> DecodingError {
        let description = "expected \(expected) at \(JSONPath(codingPath: path)), found \(found.kindName)"
        if found.isNull {
            return .valueNotFound(type, .init(codingPath: path, debugDescription: description))
        }
        return .typeMismatch(type, .init(codingPath: path, debugDescription: description))
    }

    // MARK: SingleValueDecodingContainer

    func decodeNil() -> Bool { value.isNull }
    func decode(_ type: Bool.Type) throws -> Bool { try unboxBool(value, path: codingPath) }
    func decode(_ type: String.Type) throws -> String { try unboxString(value, path: codingPath) }
    func decode(_ type: Double.Type) throws -> Double { try unboxDouble(value, path: codingPath) }
    func decode(_ type: Float.Type) throws -> Float { try unboxFloat(value, path: codingPath) }
    func decode(_ type: Int.Type) throws -> Int { try unboxInteger(value, as: type, path: codingPath) }
    func decode(_ type: Int8.Type) throws -> Int8 { try unboxInteger(value, as: type, path: codingPath) }
    func decode(_ type: Int16.Type) throws -> Int16 { try unboxInteger(value, as: type, path: codingPath) }
    func decode(_ type: Int32.Type) throws -> Int32 { try unboxInteger(value, as: type, path: codingPath) }
    func decode(_ type: Int64.Type) throws -> Int64 { try unboxInteger(value, as: type, path: codingPath) }
    func decode(_ type: UInt.Type) throws -> UInt { try unboxInteger(value, as: type, path: codingPath) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try unboxInteger(value, as: type, path: codingPath) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try unboxInteger(value, as: type, path: codingPath) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try unboxInteger(value, as: type, path: codingPath) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try unboxInteger(value, as: type, path: codingPath) }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try unbox(value, as: type, path: codingPath) }
}

/// A coding key for array positions and `super`.
struct JSONCodingKey: CodingKey {
    let stringValue: String
    let intValue: Int?

    init(stringValue: String) {
        self.stringValue = stringValue
        intValue = nil
    }

    init(intValue: Int) {
        stringValue = String(intValue)
        self.intValue = intValue
    }

    static let superKey = JSONCodingKey(stringValue: "super")
}
