/// The members of a JSON object, in input order, with lookup by key.
///
/// Keys are unique: the parser rejects documents with a duplicate key (RFC 8259 leaves their
/// meaning undefined, and silently keeping the first or last one lets two components read
/// different values from the same payload). Small objects (up to `indexThreshold` members)
/// are searched linearly, which beats hashing for the typical 3–10 member event; larger ones
/// keep a hash index beside the ordered storage.
///
/// Equality ignores member order (`{"a":1,"b":2} == {"b":2,"a":1}`), as JSON's data model does.
public struct JSONObject: Sendable, Hashable {
    /// Objects with more members than this build a hash index for lookups.
    public static let indexThreshold = 8

    @usableFromInline var storedKeys: [String]
    @usableFromInline var storedValues: [JSONValue]
    @usableFromInline var index: [String: Int]?

    /// An empty object.
    public init() {
        storedKeys = []
        storedValues = []
        index = nil
    }

    /// An object from members with distinct keys, in the given order. Traps on a duplicate key.
    public init(uniqueMembers members: some Sequence<(String, JSONValue)>) {
        self.init()
        for (key, value) in members {
            precondition(self[key] == nil, "duplicate key '\(key)' in JSON object")
            self[key] = value
        }
    }

    /// Builds from parallel arrays whose keys the caller has already checked to be distinct.
    init(uncheckedKeys keys: [String], values: [JSONValue], index: [String: Int]?) {
        storedKeys = keys
        storedValues = values
        self.index = index ?? (keys.count > Self.indexThreshold ? Self.buildIndex(keys) : nil)
    }

    static func buildIndex(_ keys: [String]) -> [String: Int] {
        var index = [String: Int](minimumCapacity: keys.count)
        for (position, key) in keys.enumerated() { index[key] = position }
        return index
    }

    /// The number of members.
    public var count: Int { storedKeys.count }

    /// True when the object has no members.
    public var isEmpty: Bool { storedKeys.isEmpty }

    /// The keys, in member order.
    public var keys: [String] { storedKeys }

    /// The values, in member order.
    public var values: [JSONValue] { storedValues }

    /// The position of `key` in member order, or nil.
    public func position(of key: String) -> Int? {
        if let index { return index[key] }
        return storedKeys.firstIndex(of: key)
    }

    /// The value for `key`, or nil. Setting a new key appends it; setting nil removes the member.
    public subscript(key: String) -> JSONValue? {
        get {
            guard let position = position(of: key) else { return nil }
            return storedValues[position]
        }
        set {
            if let position = position(of: key) {
                if let newValue {
                    storedValues[position] = newValue
                } else {
                    storedKeys.remove(at: position)
                    storedValues.remove(at: position)
                    index = storedKeys.count > Self.indexThreshold ? Self.buildIndex(storedKeys) : nil
                }
            } else if let newValue {
                storedKeys.append(key)
                storedValues.append(newValue)
                if index != nil {
                    index![key] = storedKeys.count - 1
                } else if storedKeys.count > Self.indexThreshold {
                    index = Self.buildIndex(storedKeys)
                }
            }
        }
    }

    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        guard lhs.count == rhs.count else { return false }
        if lhs.storedKeys == rhs.storedKeys { return lhs.storedValues == rhs.storedValues }
        for (key, value) in zip(lhs.storedKeys, lhs.storedValues) {
            guard let other = rhs[key], other == value else { return false }
        }
        return true
    }

    public func hash(into hasher: inout Hasher) {
        // Order-independent: sum of per-member hashes.
        var sum = 0
        for (key, value) in zip(storedKeys, storedValues) {
            var member = Hasher()
            member.combine(key)
            member.combine(value)
            sum = sum &+ member.finalize()
        }
        hasher.combine(count)
        hasher.combine(sum)
    }
}

extension JSONObject: RandomAccessCollection {
    /// A member: its key and value.
    public typealias Element = (key: String, value: JSONValue)

    public var startIndex: Int { 0 }
    public var endIndex: Int { storedKeys.count }
    public subscript(position: Int) -> Element { (storedKeys[position], storedValues[position]) }
}

extension JSONObject: ExpressibleByDictionaryLiteral {
    /// Members keep literal order. Traps on a duplicate key.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self.init(uniqueMembers: elements)
    }
}
