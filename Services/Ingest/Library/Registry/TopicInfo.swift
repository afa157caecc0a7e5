import SluiceJSON
import SluiceSchema

/// A topic as the registry describes it.
public struct TopicInfo: Sendable, Hashable {
    public var name: String
    public var description: String
    /// Days the topic keeps events; nil keeps them forever.
    public var retentionDays: Int?
    public var compatibility: CompatibilityMode
    public var createdAt: Timestamp
    /// The latest schema version; nil before the first registration.
    public var latestVersion: Int?

    /// `{"name", "description", "retentionDays", "compatibility", "createdAt", "latestSchemaVersion"}`.
    public var json: JSONValue {
        [
            "name": .string(name), "description": .string(description),
            "retentionDays": retentionDays.map { .number(JSONNumber($0)) } ?? .null,
            "compatibility": .string(compatibility.name), "createdAt": .string(createdAt.rfc3339),
            "latestSchemaVersion": latestVersion.map { .number(JSONNumber($0)) } ?? .null,
        ]
    }
}

/// One registered schema version.
public struct SchemaVersion: Sendable {
    public var topic: String
    public var version: Int
    public var schema: Schema
    public var createdAt: Timestamp

    /// `{"topic", "version", "schema", "createdAt", "fields": [{"path", "types", "nullable", "required", "description"?}]}`.
    public var json: JSONValue {
        let fields: [JSONValue] = schema.leafFields.map { field in
            var object: JSONObject = [
                "path": .string(field.pathString), "types": .array(field.types.map { .string($0.rawValue) }),
                "nullable": .bool(field.isNullable), "required": .bool(field.isRequired),
            ]
            if let description = field.description { object["description"] = .string(description) }
            return .object(object)
        }
        return [
            "topic": .string(topic), "version": .number(JSONNumber(version)), "schema": schema.json,
            "createdAt": .string(createdAt.rfc3339), "fields": .array(fields),
        ]
    }
}
