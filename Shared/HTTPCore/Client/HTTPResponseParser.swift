/// An incremental, bounded HTTP/1.1 response parser for the client side.
///
/// Feed it bytes as they arrive; it returns the response once it is complete. Framing
/// follows RFC 9112 section 6.3: no body for HEAD, 1xx, 204 and 304; chunked when the final
/// transfer coding is chunked; Content-Length; otherwise the body runs until the peer
/// closes (call `finish()` at end of stream). Interim 1xx responses are skipped.
///
/// ```swift
/// var parser = HTTPResponseParser(requestMethod: .get)
/// while let bytes = readSomeBytes() {
///     if let message = try parser.feed(bytes) { return message }
/// }
/// return try parser.finish()
/// ```
public struct HTTPResponseParser: Sendable {
    /// Upper bounds on what one response may use. A peer exceeding them gets a typed error,
    /// never an unbounded allocation.
    public struct Limits: Sendable, Equatable {
        /// Status line plus headers (plus chunked trailers), in bytes. Default 16 KiB.
        public var maxHeaderBytes: Int
        /// The decoded body, in bytes. Default 8 MiB.
        public var maxBodyBytes: Int

        public init(maxHeaderBytes: Int = 16 * 1024, maxBodyBytes: Int = 8 * 1024 * 1024) {
            self.maxHeaderBytes = maxHeaderBytes
            self.maxBodyBytes = maxBodyBytes
        }
    }

    /// A complete response and whether the connection may carry another request.
    public struct Message: Sendable {
        public var response: HTTPResponse
        /// False when the peer said `Connection: close`, spoke HTTP/1.0 without
        /// keep-alive, or delimited the body by closing the connection.
        public var keepAlive: Bool
    }

    private enum State: Sendable {
        case head
        case fixedBody(remaining: Int)
        case chunkSize
        case chunkData(remaining: Int)
        case chunkDataEnd
        case trailers
        case untilClose
        case done
    }

    public let limits: Limits
    private let isHeadRequest: Bool
    private var state: State = .head
    private var buffer: [UInt8] = []
    private var readIndex = 0
    /// Where the search for the end of the head resumes (avoids rescanning on tiny feeds).
    private var scanIndex = 0
    private var headerBytesSeen = 0
    private var receivedAnyByte = false
    private var status = HTTPStatus.ok
    private var headers = HTTPHeaders()
    private var body: [UInt8] = []
    private var keepAlive = true

    /// - Parameters:
    ///   - requestMethod: the method of the request this response answers (HEAD has no body).
    ///   - limits: size bounds for the head and the body.
    public init(requestMethod: HTTPMethod, limits: Limits = Limits()) {
        self.isHeadRequest = requestMethod == .head
        self.limits = limits
    }

    /// True once a complete response was returned.
    public var isComplete: Bool { if case .done = state { true } else { false } }

    /// Bytes received after the end of the response (a well-behaved peer sends none, since
    /// this client never pipelines). A connection with leftovers must not be reused.
    public var unconsumedByteCount: Int { buffer.count - readIndex }

    /// Adds received bytes and parses as far as possible.
    /// - Returns: the response once complete, otherwise `nil` (more bytes needed).
    /// - Throws: `HTTPResponseParseError` when the bytes are not a valid, bounded response.
    public mutating func feed(_ bytes: some Sequence<UInt8>) throws(HTTPResponseParseError) -> Message? {
        buffer.append(contentsOf: bytes)
        if buffer.count > readIndex { receivedAnyByte = true }
        if case .done = state { return nil }
        let finished = try parseAvailable()
        compact()
        return finished ? message() : nil
    }

    /// Signals that the peer closed the connection.
    /// - Returns: the response if it was complete or delimited by the close.
    /// - Throws: `.closedBeforeResponse` if nothing was received, `.truncatedResponse` if
    ///   the response was cut short.
    public mutating func finish() throws(HTTPResponseParseError) -> Message {
        switch state {
        case .done:
            return message()
        case .untilClose:
            state = .done
            return message()
        case .head where !receivedAnyByte:
            throw .closedBeforeResponse
        default:
            throw .truncatedResponse
        }
    }

    private func message() -> Message {
        Message(response: HTTPResponse(status: status, headers: headers, body: body), keepAlive: keepAlive)
    }

    private mutating func compact() {
        if readIndex > 4096 && readIndex * 2 > buffer.count {
            buffer.removeFirst(readIndex)
            scanIndex = max(0, scanIndex - readIndex)
            readIndex = 0
        }
    }

    /// Parses until more bytes are needed (false) or the response is complete (true).
    private mutating func parseAvailable() throws(HTTPResponseParseError) -> Bool {
        while true {
            switch state {
            case .head:
                guard let end = try findHeadEnd() else { return false }
                try parseHead(buffer[readIndex..<end])
                readIndex = end
                scanIndex = end
            case .fixedBody(let remaining):
                let take = min(remaining, buffer.count - readIndex)
                try appendBody(take)
                if remaining - take == 0 { state = .done; return true }
                state = .fixedBody(remaining: remaining - take)
                return false
            case .chunkSize:
                guard let line = try nextLine(maxLength: 1024, error: .invalidChunkedEncoding) else { return false }
                let size = try Self.parseChunkSize(line)
                if size == 0 {
                    state = .trailers
                } else {
                    guard size <= limits.maxBodyBytes - body.count else { throw .bodyTooLarge }
                    state = .chunkData(remaining: size)
                }
            case .chunkData(let remaining):
                let take = min(remaining, buffer.count - readIndex)
                try appendBody(take)
                if remaining - take > 0 { state = .chunkData(remaining: remaining - take); return false }
                state = .chunkDataEnd
            case .chunkDataEnd:
                guard let line = try nextLine(maxLength: 2, error: .invalidChunkedEncoding) else { return false }
                guard line.isEmpty else { throw .invalidChunkedEncoding }
                state = .chunkSize
            case .trailers:
                let before = readIndex
                guard let line = try nextLine(maxLength: limits.maxHeaderBytes, error: .headersTooLarge) else {
                    return false
                }
                headerBytesSeen += readIndex - before
                guard headerBytesSeen <= limits.maxHeaderBytes else { throw .headersTooLarge }
                if line.isEmpty { state = .done; return true }
            case .untilClose:
                try appendBody(buffer.count - readIndex)
                return false
            case .done:
                return true
            }
        }
    }

    private mutating func appendBody(_ count: Int) throws(HTTPResponseParseError) {
        guard count > 0 else { return }
        guard body.count + count <= limits.maxBodyBytes else { throw .bodyTooLarge }
        body.append(contentsOf: buffer[readIndex..<(readIndex + count)])
        readIndex += count
    }

    /// The next line (without CR LF or LF) if a full line is buffered.
    private mutating func nextLine(
        maxLength: Int, error: HTTPResponseParseError
    ) throws(HTTPResponseParseError) -> ArraySlice<UInt8>? {
        guard let lf = buffer[readIndex...].firstIndex(of: 0x0A) else {
            if buffer.count - readIndex > maxLength { throw error }
            return nil
        }
        var end = lf
        if end > readIndex && buffer[end - 1] == 0x0D { end -= 1 }
        let line = buffer[readIndex..<end]
        readIndex = lf + 1
        return line
    }

    /// The index just past the blank line ending the head, if buffered.
    private mutating func findHeadEnd() throws(HTTPResponseParseError) -> Int? {
        var index = max(scanIndex, readIndex)
        while index < buffer.count {
            if buffer[index] == 0x0A {
                // A line ending at `index` is blank if it is empty or just CR.
                let lineStart = Self.lineStart(in: buffer, before: index, floor: readIndex)
                let length = index - lineStart
                if length == 0 || (length == 1 && buffer[lineStart] == 0x0D) {
                    if headerBytesSeen + (index + 1 - readIndex) > limits.maxHeaderBytes { throw .headersTooLarge }
                    return index + 1
                }
            }
            index += 1
        }
        scanIndex = index
        if headerBytesSeen + (buffer.count - readIndex) > limits.maxHeaderBytes { throw .headersTooLarge }
        return nil
    }

    private static func lineStart(in buffer: [UInt8], before index: Int, floor: Int) -> Int {
        var start = index
        while start > floor && buffer[start - 1] != 0x0A { start -= 1 }
        return start
    }

    private mutating func parseHead(_ head: ArraySlice<UInt8>) throws(HTTPResponseParseError) {
        headerBytesSeen += head.count
        var lines = head.split(separator: 0x0A, omittingEmptySubsequences: false).map { line in
            line.last == 0x0D ? line.dropLast() : line
        }
        while lines.last?.isEmpty == true { lines.removeLast() }
        guard let statusLine = lines.first else { throw .invalidStatusLine }
        let (minorVersion, code) = try Self.parseStatusLine(statusLine)
        var parsed = HTTPHeaders()
        for line in lines.dropFirst() {
            let (name, value) = try Self.parseHeaderLine(line)
            parsed.add(name: name, value: value)
        }
        if code / 100 == 1 {
            if code == 101 { throw .unexpectedUpgrade }
            return  // interim response: skip, keep reading the head of the final one
        }
        status = HTTPStatus(code: code)
        headers = parsed
        try chooseFraming(minorVersion: minorVersion, code: code)
    }

    private mutating func chooseFraming(minorVersion: Int, code: Int) throws(HTTPResponseParseError) {
        let connectionTokens = headers.values(for: "Connection").flatMap(Self.tokens)
        keepAlive =
            minorVersion >= 1
            ? !connectionTokens.contains("close")
            : connectionTokens.contains("keep-alive")
        if isHeadRequest || code == 204 || code == 304 {
            state = .done
            return
        }
        let codings = headers.values(for: "Transfer-Encoding").flatMap(Self.tokens)
        if !codings.isEmpty {
            if headers.contains("Content-Length") { keepAlive = false }
            if codings.last == "chunked" {
                state = .chunkSize
            } else {
                keepAlive = false
                state = .untilClose
            }
            return
        }
        let lengths = headers.values(for: "Content-Length").flatMap { $0.split(separator: ",") }
        if lengths.isEmpty {
            keepAlive = false
            state = .untilClose
            return
        }
        var length: Int?
        for text in lengths {
            let trimmed = text.trimmingASCIIWhitespace()
            guard !trimmed.isEmpty, trimmed.utf8.count <= 18, trimmed.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
                let value = Int(trimmed), length == nil || length == value
            else { throw .invalidContentLength }
            length = value
        }
        guard let length else { throw .invalidContentLength }
        guard length <= limits.maxBodyBytes else { throw .bodyTooLarge }
        state = length == 0 ? .done : .fixedBody(remaining: length)
    }

    /// Lower-cased, comma-separated tokens of a list header.
    private static func tokens(_ value: String) -> [String] {
        value.split(separator: ",").map { String($0.trimmingASCIIWhitespace()).lowercased() }.filter { !$0.isEmpty }
    }

    private static func parseStatusLine(_ line: ArraySlice<UInt8>) throws(HTTPResponseParseError) -> (Int, Int) {
        // "HTTP/1.x NNN[ reason]"
        let bytes = Array(line)
        guard bytes.count >= 12, bytes.starts(with: Array("HTTP/1.".utf8)), bytes[8] == 0x20 else {
            throw .invalidStatusLine
        }
        let minor = bytes[7]
        guard minor >= 0x30 && minor <= 0x39 else { throw .invalidStatusLine }
        var code = 0
        for byte in bytes[9..<12] {
            guard byte >= 0x30 && byte <= 0x39 else { throw .invalidStatusLine }
            code = code * 10 + Int(byte - 0x30)
        }
        guard code >= 100, bytes.count == 12 || bytes[12] == 0x20 else { throw .invalidStatusLine }
        for byte in bytes[12...] where byte < 0x20 && byte != 0x09 || byte == 0x7F { throw .invalidStatusLine }
        return (Int(minor - 0x30), code)
    }

    private static func parseHeaderLine(_ line: ArraySlice<UInt8>) throws(HTTPResponseParseError) -> (String, String) {
        guard let colon = line.firstIndex(of: 0x3A), colon > line.startIndex else { throw .invalidHeader }
        let name = line[line.startIndex..<colon]
        guard name.allSatisfy(isTokenByte) else { throw .invalidHeader }
        var value = line[(colon + 1)...]
        while let first = value.first, first == 0x20 || first == 0x09 { value = value.dropFirst() }
        while let last = value.last, last == 0x20 || last == 0x09 { value = value.dropLast() }
        for byte in value where (byte < 0x20 && byte != 0x09) || byte == 0x7F { throw .invalidHeader }
        return (String(decoding: name, as: UTF8.self), String(decoding: value, as: UTF8.self))
    }

    /// RFC 9110 `tchar`.
    private static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: true
        case UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"), UInt8(ascii: "&"),
            UInt8(ascii: "'"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."),
            UInt8(ascii: "^"), UInt8(ascii: "_"), UInt8(ascii: "`"), UInt8(ascii: "|"), UInt8(ascii: "~"):
            true
        default: false
        }
    }

    private static func parseChunkSize(_ line: ArraySlice<UInt8>) throws(HTTPResponseParseError) -> Int {
        var size = 0
        var digits = 0
        for byte in line {
            let digit: Int
            switch byte {
            case 0x30...0x39: digit = Int(byte - 0x30)
            case 0x41...0x46: digit = Int(byte - 0x41 + 10)
            case 0x61...0x66: digit = Int(byte - 0x61 + 10)
            case 0x3B, 0x20, 0x09:  // chunk extensions (ignored) or whitespace before them
                guard digits > 0 else { throw .invalidChunkedEncoding }
                return size
            default: throw .invalidChunkedEncoding
            }
            digits += 1
            guard digits <= 15 else { throw .invalidChunkedEncoding }
            size = size * 16 + digit
        }
        guard digits > 0 else { throw .invalidChunkedEncoding }
        return size
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces and tabs.
    fileprivate func trimmingASCIIWhitespace() -> SubSequence {
        var start = startIndex
        var end = endIndex
        while start < end, self[start] == " " || self[start] == "\t" { start = index(after: start) }
        while end > start, self[index(before: end)] == " " || self[index(before: end)] == "\t" { end = index(before: end) }
        return self[start..<end]
    }
}
