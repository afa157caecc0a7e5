import SluiceJSON
import SluiceSchema

/// The answer to a send: `{accepted, duplicates, rejected: [{index, id, errors: [{path, message}]}]}`.
public struct IngestResult: Sendable {
    /// A rejected event of the request.
    public struct Rejection: Sendable {
        public var index: Int
        public var id: String?
        public var errors: [ValidationIssue]
    }

    public var accepted: Int
    public var duplicates: Int
    public var rejected: [Rejection]

    public var json: JSONValue {
        [
            "accepted": .number(JSONNumber(accepted)), "duplicates": .number(JSONNumber(duplicates)),
            "rejected": .array(
                rejected.map {
                    ["index": .number(JSONNumber($0.index)), "id": $0.id.map(JSONValue.string) ?? .null, "errors": $0.errors.json]
                }),
        ]
    }
}
