/// A complete, validated HTTP request as handed to handlers: framing is already resolved,
/// the body is fully read (and de-chunked).
public struct HTTPRequest: Sendable {
    public var method: HTTPMethod
    /// The request target as sent (origin form: path and optional query).
    public var target: String
    public var headers: HTTPHeaders
    public var body: [UInt8]

    public init(method: HTTPMethod, target: String, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = []) {
        self.method = method
        self.target = target
        self.headers = headers
        self.body = body
    }

    /// The path part of the target, without the query (not percent-decoded).
    public var path: Substring {
        if let q = target.firstIndex(of: "?") { return target[..<q] }
        return target[...]
    }

    /// The raw query string after `?`, if any.
    public var query: Substring? {
        guard let q = target.firstIndex(of: "?") else { return nil }
        return target[target.index(after: q)...]
    }
}
