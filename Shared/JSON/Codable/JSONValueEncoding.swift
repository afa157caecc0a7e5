import Foundation

/// A mutable slot in the tree being encoded; containers hand out child boxes, which are
/// resolved into a `JSONValue` once encoding is complete.
final class JSONEncodingBox {
    enum Storage {
        case unset
        case value(JSONValue)
        case array([JSONEncodingBox])
        case object(keys: [String], boxes: [String: JSONEncodingBox])
    }

    var storage: Storage = .unset

    func resolved() -> JSONValue {
        switch storage {
        case .unset: return .object(JSONObject())
        case .value(let value): return value
        case .array(let boxes): return .array(boxes.map { $0.resolved() })
        case .object(let keys, let boxes):
            return .object(JSONObject(uncheckedKeys: keys, values: keys.map { boxes[$0]!.resolved() }, index: nil))
        }
    }

    /// The child box for `key`, created (and appended in order) on first use.
    func member(_ key: String) -> JSONEncodingBox {
        guard case .object(var keys, var boxes) = storage else {
            let child = JSONEncodingBox()
            storage = .object(keys: [key], boxes: [key: child])
            return child
        }
        if let existing = boxes[key] { return existing }
        let child = JSONEncodingBox()
        storage = .unset  // release the arrays before mutating them to keep them uniquely referenced
        keys.append(key)
        boxes[key] = child
        storage = .object(keys: keys, boxes: boxes)
        return child
    }

    /// A new child box appended to this array.
    func appendElement() -> JSONEncodingBox {
        let child = JSONEncodingBox()
        guard case .array(var boxes) = storage else {
            storage = .array([child])
            return child
        }
        storage = .unset
        boxes.append(child)
        storage = .array(boxes)
        return child
    }

    var elementCount: Int {
        if case .array(let boxes) = storage { return boxes.count }
        return 0
    }
}

/// The `Encoder` behind `JSONValueEncoder`: one per encoded value, also its own
/// single-value container.
final class JSONValueEncoding: Encoder, SingleValueEncodingContainer {
    let box: JSONEncodingBox
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init(box: JSONEncodingBox, codingPath: [any CodingKey]) {
        self.box = box
        self.codingPath = codingPath
    }

    static func encode<T: Encodable>(_ value: T, into box: JSONEncodingBox, path: [any CodingKey]) throws {
        if let json = value as? JSONValue {
            box.storage = .value(json)
        } else if let date = value as? Date {
            box.storage = .value(.string(Timestamp(date).rfc3339))
        } else {
            try value.encode(to: JSONValueEncoding(box: box, codingPath: path))
        }
    }

    static func number(_ value: Double, path: [any CodingKey]) throws -> JSONValue {
        guard let number = JSONNumber(exactly: value) else {
            throw EncodingError.invalidValue(value, .init(
                codingPath: path, debugDescription: "\(value) at \(JSONPath(codingPath: path)) cannot be represented in JSON"))
        }
        return .number(number)
    }

    static func integer<T: BinaryInteger>(_ value: T) -> JSONValue {
        if let exact = Int64(exactly: value) { return .number(JSONNumber(exact)) }
        return .number(JSONNumber(Double(value)))
    }

    // MARK: Encoder

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if case .object = box.storage {} else { box.storage = .object(keys: [], boxes: [:]) }
        return KeyedEncodingContainer(JSONKeyedEncodingContainer<Key>(box: box, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if case .array = box.storage {} else { box.storage = .array([]) }
        return JSONUnkeyedEncodingContainer(box: box, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { self }

    // MARK: SingleValueEncodingContainer

    func encodeNil() throws { box.storage = .value(.null) }
    func encode(_ value: Bool) throws { box.storage = .value(.bool(value)) }
    func encode(_ value: String) throws { box.storage = .value(.string(value)) }
    func encode(_ value: Double) throws { box.storage = .value(try Self.number(value, path: codingPath)) }
    func encode(_ value: Float) throws { box.storage = .value(try Self.number(Double(value), path: codingPath)) }
    func encode(_ value: Int) throws { box.storage = .value(Self.integer(value)) }
    func encode(_ value: Int8) throws { box.storage = .value(Self.integer(value)) }
    func encode(_ value: Int16) throws { box.storage = .value(Self.integer(value)) }
    func encode(_ value: Int32) throws { box.storage = .value(Self.integer(value)) }
    func encode(_ value: Int64) throws { box.storage = .value(Self.integer(value)) }
    func encode(_ value: UInt) throws { box.storage = .value(Self.integer(value)) }
    func encode(_ value: UInt8) throws { box.storage = .value(Self.integer(value)) }
    func encode(_ value: UInt16) throws { box.storage = .value(Self.integer(value)) }
    func encode(_ value: UInt32) throws { box.storage = .value(Self.integer(value)) }
    func encode(_ value: UInt64) throws { box.storage = .value(Self.integer(value)) }
    func encode<T: Encodable>(_ value: T) throws { try Self.encode(value, into: box, path: codingPath) }
}
