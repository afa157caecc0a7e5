import SluiceCrypto
import SluiceHTTP
import SluiceHTTPCore

/// Checks `Authorization: Bearer <key>` against the configured admin key and the stored keys.
///
/// ```swift
/// let auth = Authenticator(store: APIKeyStore(pool: runtime.database), adminKey: runtime.configuration.adminKey)
/// router.get("/v1/things/{topic}") { request, context in
///     let caller = try auth.authorize(request, for: .read(topic: context.parameters["topic"]!))
///     ...
/// }
/// ```
///
/// Missing, malformed, unknown or revoked keys answer 401 (with `WWW-Authenticate: Bearer`);
/// a valid key whose scopes do not cover the permission answers 403. Both as problem+json.
/// Database errors propagate (the service's middleware answers 503 when it is unreachable).
public struct Authenticator: Sendable {
    public let store: APIKeyStore
    private let adminDigest: [UInt8]?

    public init(store: APIKeyStore, adminKey: String?) {
        self.store = store
        adminDigest = adminKey.map { SHA256.hash(Array($0.utf8)) }
    }

    /// The caller, or 401.
    public func authenticate(_ request: HTTPRequest) throws -> Principal {
        guard let token = Self.bearerToken(request.headers["Authorization"]) else {
            throw Self.unauthorized("send an API key as 'Authorization: Bearer <key>'")
        }
        if let adminDigest, ConstantTime.equal(SHA256.hash(Array(token.utf8)), adminDigest) {
            return .configuredAdmin
        }
        guard let secret = APIKeySecret(token), let principal = try store.principal(for: secret) else {
            throw Self.unauthorized("the API key is not valid (unknown, revoked or mistyped)")
        }
        return principal
    }

    /// The caller if its key covers `permission`; 401 or 403 otherwise.
    @discardableResult
    public func authorize(_ request: HTTPRequest, for permission: Permission) throws -> Principal {
        let principal = try authenticate(request)
        guard principal.allows(permission) else {
            throw HTTPError(
                .forbidden, detail: "the API key '\(principal.keyID)' lacks the scope \(permission)",
                type: AuthProblemType.forbidden)
        }
        return principal
    }

    /// The token of a `Bearer` credential (scheme case-insensitive).
    static func bearerToken(_ header: String?) -> String? {
        guard let header else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        let token = parts[1].trimmingCharacters(in: " \t")
        return token.isEmpty ? nil : token
    }

    static func unauthorized(_ detail: String) -> HTTPError {
        HTTPError(
            .unauthorized, detail: detail, type: AuthProblemType.unauthorized,
            headers: ["WWW-Authenticate": #"Bearer realm="sluice""#])
    }
}

/// The problem `type` URIs of authentication failures.
public enum AuthProblemType {
    public static let unauthorized = "urn:sluice:problem:unauthorized"
    public static let forbidden = "urn:sluice:problem:forbidden"
}

extension Substring {
    fileprivate func trimmingCharacters(in set: String) -> String {
        var slice = self
        while let first = slice.first, set.contains(first) { slice = slice.dropFirst() }
        while let last = slice.last, set.contains(last) { slice = slice.dropLast() }
        return String(slice)
    }
}
