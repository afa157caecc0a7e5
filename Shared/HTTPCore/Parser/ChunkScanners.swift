/// Reads one chunk-size line (`1*HEXDIG [ BWS ";" chunk-ext ] CRLF`) byte by byte.
/// Extensions are checked for stray control bytes and otherwise ignored.
struct ChunkLineScanner: Sendable {
    enum Phase: Sendable { case digits, afterDigits, extensions }
    var phase = Phase.digits
    var size = 0
    var digitCount = 0
    var lineBytes = 0
    var sawCR = false

    /// Feeds one byte; returns the chunk size when the line is complete.
    mutating func feed(_ byte: UInt8, maxLineBytes: Int) throws(HTTPParserError) -> Int? {
        lineBytes += 1
        if lineBytes > maxLineBytes { throw .malformed(.invalidChunkSize) }
        if sawCR {
            guard byte == ByteClass.lf else { throw .malformed(.bareCarriageReturn) }
            return size
        }
        if byte == ByteClass.lf { throw .malformed(.bareLineFeed) }
        if byte == ByteClass.cr {
            guard digitCount > 0 else { throw .malformed(.invalidChunkSize) }
            sawCR = true
            return nil
        }
        switch phase {
        case .digits:
            if let digit = ByteClass.hexValue(byte) {
                let (shifted, overflow) = size.multipliedReportingOverflow(by: 16)
                guard !overflow, shifted <= Int.max - digit else { throw .malformed(.invalidChunkSize) }
                size = shifted + digit
                digitCount += 1
                return nil
            }
            guard digitCount > 0 else { throw .malformed(.invalidChunkSize) }
            phase = .afterDigits
            return try feedAfterDigits(byte)
        case .afterDigits:
            return try feedAfterDigits(byte)
        case .extensions:
            guard ByteClass.isFieldValue(byte) else { throw .malformed(.invalidChunkSize) }
            return nil
        }
    }

    private mutating func feedAfterDigits(_ byte: UInt8) throws(HTTPParserError) -> Int? {
        if ByteClass.isWhitespace(byte) { return nil }
        guard byte == UInt8(ascii: ";") else { throw .malformed(.invalidChunkSize) }
        phase = .extensions
        return nil
    }
}

/// Reads the trailer section after the last chunk, up to its empty line, byte by byte.
/// Fields are checked like header fields (token name, no space before the colon, no line
/// folding, no control bytes) and dropped. The section is bounded like a head.
struct TrailerScanner: Sendable {
    enum Phase: Sendable { case lineStart, name, value }
    var phase = Phase.lineStart
    var bytes = 0
    var sawCR = false

    /// Feeds one byte; returns true when the empty line ending the section was read.
    mutating func feed(_ byte: UInt8, limit: Int) throws(HTTPParserError) -> Bool {
        bytes += 1
        if bytes > limit { throw .headersTooLarge }
        if sawCR {
            guard byte == ByteClass.lf else { throw .malformed(.bareCarriageReturn) }
            sawCR = false
            switch phase {
            case .lineStart: return true
            case .name: throw .malformed(.headerName)
            case .value: phase = .lineStart
            }
            return false
        }
        if byte == ByteClass.cr { sawCR = true; return false }
        if byte == ByteClass.lf { throw .malformed(.bareLineFeed) }
        switch phase {
        case .lineStart:
            if ByteClass.isWhitespace(byte) { throw .malformed(.obsoleteLineFolding) }
            guard ByteClass.isToken(byte) else { throw .malformed(.headerName) }
            phase = .name
        case .name:
            if byte == ByteClass.colon { phase = .value; return false }
            if ByteClass.isWhitespace(byte) { throw .malformed(.whitespaceBeforeColon) }
            guard ByteClass.isToken(byte) else { throw .malformed(.headerName) }
        case .value:
            guard ByteClass.isFieldValue(byte) else { throw .malformed(.headerValue) }
        }
        return false
    }
}

extension HTTPRequestParser {
    /// Advances through a chunked body; returns true when the whole message (trailers
    /// included) is complete.
    mutating func parseChunked(_ input: UnsafeRawBufferPointer, offset: inout Int) throws(HTTPParserError) -> Bool {
        while offset < input.count {
            switch state {
            case .chunkLine:
                let byte = input[offset]
                offset += 1
                guard let size = try chunkLine.feed(byte, maxLineBytes: limits.maxHeadBytes) else { continue }
                chunkLine = ChunkLineScanner()
                if size == 0 {
                    trailer = TrailerScanner()
                    state = .trailers
                } else {
                    guard size <= limits.maxBodyBytes - body.count else { throw .bodyTooLarge }
                    state = .chunkData(remaining: size)
                }
            case .chunkData(let remaining):
                let take = min(remaining, input.count - offset)
                body.append(contentsOf: UnsafeRawBufferPointer(rebasing: input[offset..<offset + take]))
                offset += take
                state = remaining == take ? .chunkDataEnd(sawCR: false) : .chunkData(remaining: remaining - take)
            case .chunkDataEnd(let sawCR):
                let byte = input[offset]
                offset += 1
                if !sawCR {
                    guard byte == ByteClass.cr else { throw .malformed(.invalidChunkTerminator) }
                    state = .chunkDataEnd(sawCR: true)
                } else {
                    guard byte == ByteClass.lf else { throw .malformed(.invalidChunkTerminator) }
                    state = .chunkLine
                }
            case .trailers:
                let byte = input[offset]
                offset += 1
                if try trailer.feed(byte, limit: limits.maxHeadBytes) { return true }
            case .head, .contentBody, .failed:
                preconditionFailure("parseChunked called outside a chunked body")
            }
        }
        return false
    }
}
