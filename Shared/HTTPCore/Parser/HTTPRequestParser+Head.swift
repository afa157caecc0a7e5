/// A parsed request head waiting for its body.
struct PendingHead: Sendable {
    enum Framing: Sendable, Equatable {
        case length(Int)
        case chunked
    }
    var method: HTTPMethod
    var target: String
    var headers: HTTPHeaders
    var minorVersion: Int
    var keepAlive: Bool
    var expectsContinue: Bool
    var framing: Framing
}

extension HTTPRequestParser {
    /// Scans for the end of the head and parses it once complete. Returns false when more
    /// bytes are needed (all of `input` was then consumed into the head buffer).
    mutating func parseHead(_ input: UnsafeRawBufferPointer, offset: inout Int) throws(HTTPParserError) -> Bool {
        let start = offset
        guard let end = try lineScan.scan(input, from: start, limit: limits.maxHeadBytes) else {
            headBuffer.append(contentsOf: UnsafeRawBufferPointer(rebasing: input[start...]))
            offset = input.count
            return false
        }
        offset = end
        if headBuffer.isEmpty {
            pending = try Self.parseHeadBytes(UnsafeRawBufferPointer(rebasing: input[start..<end]), limits: limits)
        } else {
            headBuffer.append(contentsOf: UnsafeRawBufferPointer(rebasing: input[start..<end]))
            let limits = limits
            let parsed = headBuffer.withUnsafeBytes { bytes in
                Result { () throws(HTTPParserError) -> PendingHead in try Self.parseHeadBytes(bytes, limits: limits) }
            }
            pending = try parsed.get()
            headBuffer.removeAll(keepingCapacity: headBuffer.capacity <= 4096)
        }
        return true
    }

    /// Parses a complete head whose lines are known to end in CRLF (the scanner checked).
    static func parseHeadBytes(_ head: UnsafeRawBufferPointer, limits: HTTPLimits) throws(HTTPParserError) -> PendingHead {
        var lineEnd = 0
        while head[lineEnd] != ByteClass.cr { lineEnd += 1 }
        let (method, target, minorVersion) = try parseRequestLine(UnsafeRawBufferPointer(rebasing: head[0..<lineEnd]))

        var headers = HTTPHeaders()
        var framing = FramingFields()
        var index = lineEnd + 2
        while head[index] != ByteClass.cr {
            var end = index
            while head[end] != ByteClass.cr { end += 1 }
            if headers.count == limits.maxHeaderCount { throw .headersTooLarge }
            let (name, value) = try parseField(UnsafeRawBufferPointer(rebasing: head[index..<end]))
            try framing.inspect(name: name, value: value)
            headers.add(
                name: String(decoding: name, as: UTF8.self), value: String(decoding: value, as: UTF8.self))
            index = end + 2
        }
        return try framing.resolve(method: method, target: target, headers: headers, minorVersion: minorVersion)
    }

    static func parseRequestLine(_ line: UnsafeRawBufferPointer) throws(HTTPParserError) -> (HTTPMethod, String, Int) {
        guard let firstSpace = line.firstIndex(of: ByteClass.space) else { throw .malformed(.requestLine) }
        let methodBytes = UnsafeRawBufferPointer(rebasing: line[0..<firstSpace])
        guard !methodBytes.isEmpty else { throw .malformed(.method) }
        for byte in methodBytes where !ByteClass.isToken(byte) { throw .malformed(.method) }
        var targetEnd = firstSpace + 1
        while targetEnd < line.count, line[targetEnd] != ByteClass.space {
            guard ByteClass.isTargetByte(line[targetEnd]) else { throw .malformed(.target) }
            targetEnd += 1
        }
        guard targetEnd > firstSpace + 1, targetEnd < line.count else { throw .malformed(.target) }
        let version = UnsafeRawBufferPointer(rebasing: line[(targetEnd + 1)...])
        let minor = try parseVersion(version)
        let target = String(decoding: UnsafeRawBufferPointer(rebasing: line[(firstSpace + 1)..<targetEnd]), as: UTF8.self)
        return (knownMethod(methodBytes), target, minor)
    }

    static func parseVersion(_ version: UnsafeRawBufferPointer) throws(HTTPParserError) -> Int {
        let prefix: StaticString = "HTTP/"
        guard version.count == 8 else { throw .malformed(.version) }
        for i in 0..<5 where version[i] != prefix.utf8Start[i] { throw .malformed(.version) }
        let major = version[5], dot = version[6], minor = version[7]
        let digits = UInt8(ascii: "0")...UInt8(ascii: "9")
        guard digits.contains(major), dot == UInt8(ascii: "."), digits.contains(minor) else { throw .malformed(.version) }
        guard major == UInt8(ascii: "1"), minor <= UInt8(ascii: "1") else { throw .unsupportedVersion }
        return Int(minor - UInt8(ascii: "0"))
    }

    /// Splits `name: value`, trimming optional whitespace around the value.
    static func parseField(_ line: UnsafeRawBufferPointer) throws(HTTPParserError) -> (UnsafeRawBufferPointer, UnsafeRawBufferPointer) {
        guard let first = line.first else { throw .malformed(.headerName) }
        if ByteClass.isWhitespace(first) { throw .malformed(.obsoleteLineFolding) }
        var colon = 0
        while colon < line.count, line[colon] != ByteClass.colon {
            let byte = line[colon]
            if ByteClass.isWhitespace(byte) { throw .malformed(.whitespaceBeforeColon) }
            guard ByteClass.isToken(byte) else { throw .malformed(.headerName) }
            colon += 1
        }
        guard colon > 0, colon < line.count else { throw .malformed(.headerName) }
        var start = colon + 1
        var end = line.count
        while start < end, ByteClass.isWhitespace(line[start]) { start += 1 }
        while end > start, ByteClass.isWhitespace(line[end - 1]) { end -= 1 }
        for i in start..<end where !ByteClass.isFieldValue(line[i]) { throw .malformed(.headerValue) }
        return (UnsafeRawBufferPointer(rebasing: line[0..<colon]), UnsafeRawBufferPointer(rebasing: line[start..<end]))
    }

    /// The shared `HTTPMethod` value for common methods (no string built), else a new one.
    static func knownMethod(_ bytes: UnsafeRawBufferPointer) -> HTTPMethod {
        func equals(_ literal: StaticString) -> Bool {
            bytes.count == literal.utf8CodeUnitCount
                && memoryEqual(bytes, literal)
        }
        if equals("GET") { return .get }
        if equals("POST") { return .post }
        if equals("PUT") { return .put }
        if equals("DELETE") { return .delete }
        if equals("HEAD") { return .head }
        if equals("PATCH") { return .patch }
        if equals("OPTIONS") { return .options }
        return HTTPMethod(rawValue: String(decoding: bytes, as: UTF8.self))
    }

    @inline(__always)
    static func memoryEqual(_ bytes: UnsafeRawBufferPointer, _ literal: StaticString) -> Bool {
        let lit = literal.utf8Start
        for i in 0..<bytes.count where bytes[i] != lit[i] { return false }
        return true
    }
}
