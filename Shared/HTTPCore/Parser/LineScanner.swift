/// Finds the end of a request head (the empty line) one byte at a time, enforcing CRLF
/// line ends and the head size bound, so a head split anywhere is scanned exactly once.
struct LineScanner: Sendable {
    /// Head bytes seen so far, CRLFs included.
    var headBytes = 0
    var sawCR = false
    var lineLength = 0
    var isFirstLine = true

    /// Scans `input[offset...]`; returns the index just past the head's empty line, or nil
    /// when the input ended first.
    mutating func scan(_ input: UnsafeRawBufferPointer, from offset: Int, limit: Int) throws(HTTPParserError) -> Int? {
        var index = offset
        let end = input.count
        while index < end {
            let byte = input[index]
            index += 1
            headBytes += 1
            if headBytes > limit { throw .headersTooLarge }
            if sawCR {
                guard byte == ByteClass.lf else { throw .malformed(.bareCarriageReturn) }
                sawCR = false
                if lineLength == 0 {
                    if isFirstLine { throw .malformed(.requestLine) }
                    return index
                }
                lineLength = 0
                isFirstLine = false
            } else if byte == ByteClass.cr {
                sawCR = true
            } else if byte == ByteClass.lf {
                throw .malformed(.bareLineFeed)
            } else {
                lineLength += 1
            }
        }
        return nil
    }
}
