import SluiceJSON

/// A stored API key as listed by `GET /v1/keys` (never with its secret).
public struct APIKeyInfo: Sendable, Hashable {
    public var id: String
    public var name: String
    public var scopes: [Scope]
    public var createdAt: Timestamp
    /// When it was revoked; nil while it works.
    public var revokedAt: Timestamp?

    public init(id: String, name: String, scopes: [Scope], createdAt: Timestamp, revokedAt: Timestamp?) {
        self.id = id
        self.name = name
        self.scopes = scopes
        self.createdAt = createdAt
        self.revokedAt = revokedAt
    }

    /// `{"id", "name", "scopes", "createdAt", "revokedAt"?}`.
    public var json: JSONValue {
        var object: JSONObject = [
            "id": .string(id), "name": .string(name), "scopes": .array(scopes.map { .string($0.description) }),
            "createdAt": .string(createdAt.rfc3339),
        ]
        if let revokedAt { object["revokedAt"] = .string(revokedAt.rfc3339) }
        return .object(object)
    }
}
