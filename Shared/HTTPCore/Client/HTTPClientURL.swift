/// An `http://` URL split into what a client needs: host, port and request target.
/// Only plain HTTP is supported (service-to-service calls inside the deployment).
/// IPv6 literals are written in brackets (`http://[::1]:8080/`). User info is rejected,
/// a fragment is dropped.
public struct HTTPClientURL: Sendable, Hashable, CustomStringConvertible {
    /// Host name or address literal, without brackets.
    public var host: String
    public var port: Int
    /// Origin-form request target: path and optional query, never empty (at least `/`).
    public var target: String

    public init(host: String, port: Int = 80, target: String = "/") {
        self.host = host
        self.port = port
        self.target = target
    }

    /// Parses `http://host[:port][/path][?query][#fragment]`.
    /// - Throws: `HTTPClientURLError` naming what is wrong (never echoing the URL).
    public init(parsing text: String) throws(HTTPClientURLError) {
        guard text.utf8.count >= 8, text.prefix(7).lowercased() == "http://" else { throw .unsupportedScheme }
        for byte in text.utf8 where byte <= 0x20 || byte == 0x7F { throw .invalidCharacter }
        var rest = text.dropFirst(7)
        if let hash = rest.firstIndex(of: "#") { rest = rest[..<hash] }
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        var target = String(rest[authorityEnd...])
        if target.isEmpty || target.first == "?" { target = "/" + target }
        guard !authority.contains("@") else { throw .userInfoNotSupported }
        var hostPart: Substring
        var portPart: Substring?
        if authority.first == "[" {
            guard let close = authority.firstIndex(of: "]") else { throw .invalidHost }
            hostPart = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            if !after.isEmpty {
                guard after.first == ":" else { throw .invalidHost }
                portPart = after.dropFirst()
            }
            guard hostPart.contains(":") else { throw .invalidHost }
        } else {
            if let colon = authority.lastIndex(of: ":") {
                hostPart = authority[..<colon]
                portPart = authority[authority.index(after: colon)...]
            } else {
                hostPart = authority
            }
            let allowed = hostPart.utf8.allSatisfy { byte in
                (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                    || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_")
            }
            guard allowed else { throw .invalidHost }
        }
        guard !hostPart.isEmpty, hostPart.utf8.count <= 253 else { throw .invalidHost }
        var port = 80
        if let portPart {
            guard !portPart.isEmpty, portPart.utf8.count <= 5, portPart.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
                let value = Int(portPart), (1...65535).contains(value)
            else { throw .invalidPort }
            port = value
        }
        self.init(host: String(hostPart), port: port, target: target)
    }

    /// The `Host` header value: the host (bracketed if IPv6) and the port unless it is 80.
    public var hostHeader: String {
        let host = self.host.contains(":") ? "[\(self.host)]" : self.host
        return port == 80 ? host : "\(host):\(port)"
    }

    /// `host:port`, the key of a peer (pool, breaker). Contains no path or query.
    public var peer: String { "\(host.contains(":") ? "[\(host)]" : host):\(port)" }

    public var description: String { "http://\(hostHeader)\(target)" }
}

/// Why a URL was rejected. Descriptions never repeat the URL (it may carry secrets).
public enum HTTPClientURLError: Error, Sendable, Equatable, CustomStringConvertible {
    case unsupportedScheme
    case invalidCharacter
    case userInfoNotSupported
    case invalidHost
    case invalidPort

    public var description: String {
        switch self {
        case .unsupportedScheme: "only http:// URLs are supported"
        case .invalidCharacter: "URL contains whitespace or control characters"
        case .userInfoNotSupported: "user info in URLs is not supported"
        case .invalidHost: "invalid host"
        case .invalidPort: "invalid port"
        }
    }
}
