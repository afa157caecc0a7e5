/// Collects the header fields that decide framing and connection handling while a head is
/// parsed, then applies RFC 9112 sections 6.1 and 6.3 to them.
struct FramingFields {
    var contentLength: Int? = nil
    var sawTransferEncoding = false
    /// Transfer codings in order, lowercased, across every Transfer-Encoding field.
    var codingCount = 0
    var allCodingsChunked = true
    var connectionClose = false
    var connectionKeepAlive = false
    var expectsContinue = false
    var hostCount = 0

    mutating func inspect(name: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer) throws(HTTPParserError) {
        switch name.count {
        case 4 where ByteClass.equalsLowercase(name, "host"):
            hostCount += 1
        case 6 where ByteClass.equalsLowercase(name, "expect"):
            if ByteClass.equalsLowercase(value, "100-continue") { expectsContinue = true }
        case 10 where ByteClass.equalsLowercase(name, "connection"):
            forEachListElement(value) { token in
                if ByteClass.equalsLowercase(token, "close") { connectionClose = true }
                if ByteClass.equalsLowercase(token, "keep-alive") { connectionKeepAlive = true }
            }
        case 14 where ByteClass.equalsLowercase(name, "content-length"):
            try inspectContentLength(value)
        case 17 where ByteClass.equalsLowercase(name, "transfer-encoding"):
            sawTransferEncoding = true
            forEachListElement(value) { coding in
                codingCount += 1
                if !ByteClass.equalsLowercase(coding, "chunked") { allCodingsChunked = false }
            }
        default:
            break
        }
    }

    /// Content-Length = 1*DIGIT; a comma list of equal values is the same value; anything
    /// else, or a value different from an earlier field's, is refused.
    mutating func inspectContentLength(_ value: UnsafeRawBufferPointer) throws(HTTPParserError) {
        var elements = 0
        var failure: HTTPParserError? = nil
        forEachListElement(value, keepEmpty: true) { element in
            guard failure == nil else { return }
            elements += 1
            guard !element.isEmpty, element.count <= 18 else { failure = .malformed(.invalidContentLength); return }
            var length = 0
            for byte in element {
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else {
                    failure = .malformed(.invalidContentLength)
                    return
                }
                length = length * 10 + Int(byte - UInt8(ascii: "0"))
            }
            if let known = contentLength, known != length { failure = .malformed(.conflictingContentLength); return }
            contentLength = length
        }
        if let failure { throw failure }
        if elements == 0 { throw .malformed(.invalidContentLength) }
    }

    func resolve(method: HTTPMethod, target: String, headers: HTTPHeaders, minorVersion: Int) throws(HTTPParserError) -> PendingHead {
        if minorVersion == 1 ? hostCount != 1 : hostCount > 1 { throw .malformed(.host) }
        var framing = PendingHead.Framing.length(contentLength ?? 0)
        if sawTransferEncoding {
            if contentLength != nil { throw .malformed(.contentLengthAndTransferEncoding) }
            if minorVersion == 0 { throw .malformed(.transferEncodingInHTTP10) }
            if codingCount == 0 { throw .malformed(.chunkedNotFinal) }
            if !allCodingsChunked { throw .unsupportedTransferCoding }
            if codingCount > 1 { throw .malformed(.chunkedNotFinal) }
            framing = .chunked
        }
        let keepAlive = minorVersion == 1 ? !connectionClose : (connectionKeepAlive && !connectionClose)
        return PendingHead(
            method: method, target: target, headers: headers, minorVersion: minorVersion, keepAlive: keepAlive,
            expectsContinue: expectsContinue && minorVersion == 1, framing: framing)
    }
}

/// Calls `body` with each comma-separated element of a field value, trimmed of optional
/// whitespace. Empty elements are skipped unless `keepEmpty` (RFC 9110 section 5.6.1).
@inline(__always)
func forEachListElement(_ value: UnsafeRawBufferPointer, keepEmpty: Bool = false, _ body: (UnsafeRawBufferPointer) -> Void) {
    var start = 0
    while start <= value.count {
        var end = start
        while end < value.count, value[end] != UInt8(ascii: ",") { end += 1 }
        var s = start, e = end
        while s < e, ByteClass.isWhitespace(value[s]) { s += 1 }
        while e > s, ByteClass.isWhitespace(value[e - 1]) { e -= 1 }
        if e > s || keepEmpty { body(UnsafeRawBufferPointer(rebasing: value[s..<e])) }
        start = end + 1
    }
}
