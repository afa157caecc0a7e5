/// `JSONValue` is Codable so it can sit inside Codable types as an "any JSON" field.
/// `JSONValueEncoder`/`JSONValueDecoder` pass it through unchanged; other coders (such as
/// Foundation's) go through these methods, where object member order follows the coder.
extension JSONValue: Codable {
    public init(from decoder: any Decoder) throws {
        if let container = try? decoder.singleValueContainer() {
            if container.decodeNil() {
                self = .null
                return
            }
            if let flag = try? container.decode(Bool.self) {
                self = .bool(flag)
                return
            }
            if let integer = try? container.decode(Int64.self) {
                self = .number(JSONNumber(integer))
                return
            }
            if let double = try? container.decode(Double.self), let number = JSONNumber(exactly: double) {
                self = .number(number)
                return
            }
            if let text = try? container.decode(String.self) {
                self = .string(text)
                return
            }
        }
        if var elements = try? decoder.unkeyedContainer() {
            var array: [JSONValue] = []
            while !elements.isAtEnd { array.append(try elements.decode(JSONValue.self)) }
            self = .array(array)
            return
        }
        let members = try decoder.container(keyedBy: JSONCodingKey.self)
        var object = JSONObject()
        for key in members.allKeys { object[key.stringValue] = try members.decode(JSONValue.self, forKey: key) }
        self = .object(object)
    }

    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .null:
            var container = encoder.singleValueContainer()
            try container.encodeNil()
        case .bool(let flag):
            var container = encoder.singleValueContainer()
            try container.encode(flag)
        case .number(let number):
            var container = encoder.singleValueContainer()
            switch number.storage {
            case .int(let integer): try container.encode(integer)
            case .double(let double): try container.encode(double)
            }
        case .string(let text):
            var container = encoder.singleValueContainer()
            try container.encode(text)
        case .array(let elements):
            var container = encoder.unkeyedContainer()
            for element in elements { try container.encode(element) }
        case .object(let object):
            var container = encoder.container(keyedBy: JSONCodingKey.self)
            for (key, value) in object { try container.encode(value, forKey: JSONCodingKey(stringValue: key)) }
        }
    }
}
