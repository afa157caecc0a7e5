import Foundation
import SluiceAuth
import SluiceHTTP
import SluiceHTTPCore

/// Who may do what on the cache. Reading takes a key with a read scope, sent as
/// `Authorization: Bearer <key>` or as the `sluice_key` cookie the sign-in page sets
/// (browsers' EventSource cannot send headers); with `open` (`SLUICE_DASHBOARD_OPEN=1`)
/// reading needs nothing. Writing and invalidating always take an `admin` key as a Bearer
/// header (never the cookie, so a page cannot make a signed-in browser write).
public struct CacheAuthorizer: Sendable {
    public let authenticator: Authenticator
    public let open: Bool
    /// The cookie holding the dashboard's key.
    public static let cookieName = "sluice_key"

    public init(authenticator: Authenticator, open: Bool) {
        self.authenticator = authenticator
        self.open = open
    }

    /// Nil when reading is open; otherwise the caller if it may read `topic` (401/403).
    @discardableResult
    public func authorizeRead(_ request: HTTPRequest, topic: String) throws -> Principal? {
        if open { return nil }
        return try authenticator.authorize(withCookie(request), for: .read(topic: topic))
    }

    /// Nil when reading is open; otherwise the caller (401 without a valid key). For the
    /// stream, which filters events by the caller's scopes.
    @discardableResult
    public func reader(_ request: HTTPRequest) throws -> Principal? {
        if open { return nil }
        return try authenticator.authenticate(withCookie(request))
    }

    /// The caller if it holds `admin`, from the Authorization header only.
    @discardableResult
    public func authorizeAdmin(_ request: HTTPRequest) throws -> Principal {
        try authenticator.authorize(request, for: .admin)
    }

    /// The request with the cookie's key as its Authorization header when it has none.
    func withCookie(_ request: HTTPRequest) -> HTTPRequest {
        guard request.headers["Authorization"] == nil, let key = Self.cookie(Self.cookieName, in: request.headers["Cookie"])
        else { return request }
        var request = request
        request.headers.replaceOrAdd(name: "Authorization", value: "Bearer \(key)")
        return request
    }

    /// The value of cookie `name` in a `Cookie` header.
    static func cookie(_ name: String, in header: String?) -> String? {
        guard let header else { return nil }
        for pair in header.split(separator: ";") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            guard parts.count == 2 else { continue }
            if parts[0].trimmingCharacters(in: .whitespaces) == name {
                return parts[1].trimmingCharacters(in: .whitespaces)
            }
        }
        return nil
    }
}
