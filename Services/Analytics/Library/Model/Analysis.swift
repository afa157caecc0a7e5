import SluiceJSON

/// A declared analysis: its name, current version and definition.
public struct Analysis: Sendable, Hashable {
    public var name: String
    /// 1 for the first declaration; +1 each time the definition changes.
    public var version: Int
    public var definition: AnalysisDefinition
    public var createdAt: Timestamp
    public var updatedAt: Timestamp

    public init(name: String, version: Int, definition: AnalysisDefinition, createdAt: Timestamp, updatedAt: Timestamp) {
        self.name = name
        self.version = version
        self.definition = definition
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// `{"name", "version", ...the definition, "createdAt", "updatedAt"}`.
    public var json: JSONValue {
        var object: JSONObject = ["name": .string(name), "version": .number(JSONNumber(version))]
        for (key, value) in definition.json.object ?? [:] { object[key] = value }
        object["createdAt"] = .string(createdAt.rfc3339)
        object["updatedAt"] = .string(updatedAt.rfc3339)
        return .object(object)
    }
}
