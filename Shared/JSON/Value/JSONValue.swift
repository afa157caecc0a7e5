/// A JSON document or fragment: null, a boolean, a number, a string, an array or an object.
///
/// Objects keep their members in input order (so a payload can be echoed faithfully) and
/// offer lookup by key (see `JSONObject`). Parse one with `JSONParser`, write one with
/// `JSONSerializer`, derive deterministic ids from `JSONSerializer.canonical(_:)`.
///
/// Equality is JSON's: numbers compare by value (`1 == 1.0`), objects compare regardless of
/// member order, arrays in order.
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case number(JSONNumber)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)
}

extension JSONValue {
    /// A short name of the value's kind for error messages: "null", "boolean", "number",
    /// "string", "array" or "object".
    public var kindName: String {
        switch self {
        case .null: return "null"
        case .bool: return "boolean"
        case .number: return "number"
        case .string: return "string"
        case .array: return "array"
        case .object: return "object"
        }
    }
}
