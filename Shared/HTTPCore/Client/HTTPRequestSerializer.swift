/// Writes an HTTP/1.1 request in wire format: request line, `Host`, the caller's headers,
/// `Content-Length` and the body. Framing headers given by the caller (`Host`,
/// `Content-Length`, `Transfer-Encoding`, `Connection`) are replaced, because the client
/// owns framing and connection reuse.
public enum HTTPRequestSerializer {
    /// - Parameters:
    ///   - method: request method.
    ///   - target: origin-form target (path and query).
    ///   - hostHeader: the `Host` value (`host[:port]`).
    ///   - headers: further header fields, in order.
    ///   - body: the body; `Content-Length` is sent when it is non-empty or the method
    ///     usually carries one (POST, PUT, PATCH).
    /// - Returns: the bytes to write.
    /// - Throws: `HTTPRequestSerializationError` if a name or value would break framing
    ///   (header injection through CR/LF, an invalid method or target).
    public static func serialize(
        method: HTTPMethod, target: String, hostHeader: String, headers: HTTPHeaders, body: [UInt8]
    ) throws(HTTPRequestSerializationError) -> [UInt8] {
        guard !method.rawValue.isEmpty, method.rawValue.utf8.allSatisfy(isTokenByte) else { throw .invalidMethod }
        guard !target.isEmpty, target.utf8.allSatisfy({ $0 > 0x20 && $0 != 0x7F }) else { throw .invalidTarget }
        var out: [UInt8] = []
        out.reserveCapacity(256 + body.count)
        func line(_ text: String) {
            out.append(contentsOf: text.utf8)
            out.append(contentsOf: [0x0D, 0x0A])
        }
        line("\(method.rawValue) \(target) HTTP/1.1")
        line("Host: \(hostHeader)")
        for (name, value) in headers {
            if ["host", "content-length", "transfer-encoding", "connection"].contains(where: {
                HTTPHeaders.equalNames($0, name)
            }) { continue }
            guard !name.isEmpty, name.utf8.allSatisfy(isTokenByte) else { throw .invalidHeaderName }
            guard value.utf8.allSatisfy({ ($0 >= 0x20 && $0 != 0x7F) || $0 == 0x09 }) else {
                throw .invalidHeaderValue(name: name)
            }
            line("\(name): \(value)")
        }
        if !body.isEmpty || method == .post || method == .put || method == .patch {
            line("Content-Length: \(body.count)")
        }
        line("")
        out.append(contentsOf: body)
        return out
    }

    /// RFC 9110 `tchar`.
    static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: return true
        default: return Array("!#$%&'*+-.^_`|~".utf8).contains(byte)
        }
    }
}

/// A request that cannot be written without breaking HTTP framing.
public enum HTTPRequestSerializationError: Error, Sendable, Equatable, CustomStringConvertible {
    case invalidMethod
    case invalidTarget
    case invalidHeaderName
    /// The value of the named header contains CR, LF or another control character.
    case invalidHeaderValue(name: String)

    public var description: String {
        switch self {
        case .invalidMethod: "invalid request method"
        case .invalidTarget: "invalid request target"
        case .invalidHeaderName: "invalid header name"
        case .invalidHeaderValue(let name): "invalid value for header \(name)"
        }
    }
}
