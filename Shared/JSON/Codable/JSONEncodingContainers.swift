/// Keyed container writing members into an object box.
struct JSONKeyedEncodingContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let box: JSONEncodingBox
    let codingPath: [any CodingKey]

    func set(_ value: JSONValue, _ key: Key) { box.member(key.stringValue).storage = .value(value) }
    func path(_ key: Key) -> [any CodingKey] { codingPath + [key] }

    mutating func encodeNil(forKey key: Key) throws { set(.null, key) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { set(.bool(value), key) }
    mutating func encode(_ value: String, forKey key: Key) throws { set(.string(value), key) }
    mutating func encode(_ value: Double, forKey key: Key) throws { set(try JSONValueEncoding.number(value, path: path(key)), key) }
    mutating func encode(_ value: Float, forKey key: Key) throws {
        set(try JSONValueEncoding.number(Double(value), path: path(key)), key)
    }
    mutating func encode(_ value: Int, forKey key: Key) throws { set(JSONValueEncoding.integer(value), key) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { set(JSONValueEncoding.integer(value), key) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { set(JSONValueEncoding.integer(value), key) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { set(JSONValueEncoding.integer(value), key) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { set(JSONValueEncoding.integer(value), key) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { set(JSONValueEncoding.integer(value), key) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { set(JSONValueEncoding.integer(value), key) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { set(JSONValueEncoding.integer(value), key) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { set(JSONValueEncoding.integer(value), key) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { set(JSONValueEncoding.integer(value), key) }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try JSONValueEncoding.encode(value, into: box.member(key.stringValue), path: path(key))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key)
        -> KeyedEncodingContainer<NestedKey>
    {
        JSONValueEncoding(box: box.member(key.stringValue), codingPath: path(key)).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        JSONValueEncoding(box: box.member(key.stringValue), codingPath: path(key)).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        JSONValueEncoding(box: box.member("super"), codingPath: codingPath + [JSONCodingKey.superKey])
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        JSONValueEncoding(box: box.member(key.stringValue), codingPath: path(key))
    }
}

/// Unkeyed container appending elements to an array box.
struct JSONUnkeyedEncodingContainer: UnkeyedEncodingContainer {
    let box: JSONEncodingBox
    let codingPath: [any CodingKey]

    var count: Int { box.elementCount }

    func append(_ value: JSONValue) { box.appendElement().storage = .value(value) }
    func nextPath() -> [any CodingKey] { codingPath + [JSONCodingKey(intValue: count)] }

    mutating func encodeNil() throws { append(.null) }
    mutating func encode(_ value: Bool) throws { append(.bool(value)) }
    mutating func encode(_ value: String) throws { append(.string(value)) }
    mutating func encode(_ value: Double) throws { append(try JSONValueEncoding.number(value, path: nextPath())) }
    mutating func encode(_ value: Float) throws { append(try JSONValueEncoding.number(Double(value), path: nextPath())) }
    mutating func encode(_ value: Int) throws { append(JSONValueEncoding.integer(value)) }
    mutating func encode(_ value: Int8) throws { append(JSONValueEncoding.integer(value)) }
    mutating func encode(_ value: Int16) throws { append(JSONValueEncoding.integer(value)) }
    mutating func encode(_ value: Int32) throws { append(JSONValueEncoding.integer(value)) }
    mutating func encode(_ value: Int64) throws { append(JSONValueEncoding.integer(value)) }
    mutating func encode(_ value: UInt) throws { append(JSONValueEncoding.integer(value)) }
    mutating func encode(_ value: UInt8) throws { append(JSONValueEncoding.integer(value)) }
    mutating func encode(_ value: UInt16) throws { append(JSONValueEncoding.integer(value)) }
    mutating func encode(_ value: UInt32) throws { append(JSONValueEncoding.integer(value)) }
    mutating func encode(_ value: UInt64) throws { append(JSONValueEncoding.integer(value)) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        let path = nextPath()
        try JSONValueEncoding.encode(value, into: box.appendElement(), path: path)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let path = nextPath()
        return JSONValueEncoding(box: box.appendElement(), codingPath: path).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let path = nextPath()
        return JSONValueEncoding(box: box.appendElement(), codingPath: path).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        let path = nextPath()
        return JSONValueEncoding(box: box.appendElement(), codingPath: path)
    }
}
