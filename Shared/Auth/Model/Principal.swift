/// The caller a valid API key identifies.
public struct Principal: Sendable, Hashable {
    /// The key's id (`admin` for the configured `SLUICE_ADMIN_KEY`); stored with every event
    /// the key produces.
    public var keyID: String
    /// The key's name, for logs.
    public var name: String
    public var scopes: [Scope]

    public init(keyID: String, name: String, scopes: [Scope]) {
        self.keyID = keyID
        self.name = name
        self.scopes = scopes
    }

    /// True when one of the key's scopes covers `permission`.
    public func allows(_ permission: Permission) -> Bool {
        scopes.contains { $0.covers(permission) }
    }

    /// The principal of the configured admin key.
    public static let configuredAdmin = Principal(keyID: "admin", name: "SLUICE_ADMIN_KEY", scopes: [.admin])
}
