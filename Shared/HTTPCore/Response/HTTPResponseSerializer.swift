/// Writes responses as HTTP/1.1 bytes into a caller-owned buffer, so pipelined responses
/// are appended together and written with one call.
///
/// The serializer owns framing: it drops any `Content-Length`, `Transfer-Encoding`,
/// `Connection` and `Date` set by the handler and writes its own. A response to HEAD
/// carries the Content-Length of the body it would have sent, but no body; 1xx, 204 and
/// 304 carry neither.
public struct HTTPResponseSerializer: Sendable {
    var dateCache = HTTPDateCache()

    public init() {}

    /// Appends `response` to `buffer`.
    /// - Parameters:
    ///   - isHeadRequest: the request was HEAD (no body is written).
    ///   - close: add `Connection: close` (the connection closes after this response).
    ///   - announceKeepAlive: add `Connection: keep-alive` when not closing (HTTP/1.0
    ///     clients keep the connection only when told).
    ///   - unixSeconds: the current time, for the cached `Date` header.
    public mutating func write(
        _ response: HTTPResponse, to buffer: inout [UInt8], isHeadRequest: Bool, close: Bool,
        announceKeepAlive: Bool = false, unixSeconds: Int64
    ) {
        let code = response.status.code
        buffer.append(contentsOf: Self.statusLine(response.status))
        for field in response.headers where !Self.isFramingField(field.name) {
            buffer.append(contentsOf: field.name.utf8)
            buffer.append(UInt8(ascii: ":"))
            buffer.append(UInt8(ascii: " "))
            buffer.append(contentsOf: field.value.utf8)
            buffer.append(13)
            buffer.append(10)
        }
        let hasBodyFraming = code >= 200 && code != 204 && code != 304
        if hasBodyFraming {
            buffer.append(contentsOf: "Content-Length: ".utf8)
            Self.appendDecimal(response.body.count, to: &buffer)
            buffer.append(13)
            buffer.append(10)
        }
        if code >= 200 {
            buffer.append(contentsOf: "Date: ".utf8)
            buffer.append(contentsOf: dateCache.value(unixSeconds: unixSeconds))
            buffer.append(13)
            buffer.append(10)
        }
        if close {
            buffer.append(contentsOf: "Connection: close\r\n".utf8)
        } else if announceKeepAlive {
            buffer.append(contentsOf: "Connection: keep-alive\r\n".utf8)
        }
        buffer.append(13)
        buffer.append(10)
        if hasBodyFraming && !isHeadRequest { buffer.append(contentsOf: response.body) }
    }

    /// The interim response sent before reading a body the client is waiting to send.
    public static let continueResponse: [UInt8] = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)

    static func statusLine(_ status: HTTPStatus) -> [UInt8] {
        switch status.code {
        case 200: return okLine
        default: return Array("HTTP/1.1 \(status.code) \(status.reasonPhrase)\r\n".utf8)
        }
    }

    private static let okLine: [UInt8] = Array("HTTP/1.1 200 OK\r\n".utf8)

    static func isFramingField(_ name: String) -> Bool {
        HTTPHeaders.equalNames(name, "Content-Length") || HTTPHeaders.equalNames(name, "Transfer-Encoding")
            || HTTPHeaders.equalNames(name, "Connection") || HTTPHeaders.equalNames(name, "Date")
    }

    static func appendDecimal(_ value: Int, to buffer: inout [UInt8]) {
        if value >= 10 { appendDecimal(value / 10, to: &buffer) }
        buffer.append(UInt8(ascii: "0") + UInt8(value % 10))
    }
}
