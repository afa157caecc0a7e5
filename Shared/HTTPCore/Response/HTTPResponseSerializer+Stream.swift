extension HTTPResponseSerializer {
    /// Appends the head of a streamed response: the handler's fields (framing fields dropped),
    /// `Date`, `Connection: close` and no Content-Length: the body ends when the connection closes.
    public mutating func writeStreamHead(_ response: HTTPResponse, to buffer: inout [UInt8], unixSeconds: Int64) {
        buffer.append(contentsOf: Self.statusLine(response.status))
        for field in response.headers where !Self.isFramingField(field.name) {
            buffer.append(contentsOf: field.name.utf8)
            buffer.append(contentsOf: ": ".utf8)
            buffer.append(contentsOf: field.value.utf8)
            buffer.append(contentsOf: "\r\n".utf8)
        }
        buffer.append(contentsOf: "Date: ".utf8)
        buffer.append(contentsOf: dateCache.value(unixSeconds: unixSeconds))
        buffer.append(contentsOf: "\r\nConnection: close\r\n\r\n".utf8)
    }
}
