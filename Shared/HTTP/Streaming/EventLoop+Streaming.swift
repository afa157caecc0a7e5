import SluiceHTTPCore

/// Streamed responses on the event loop. A connection whose handler returned a
/// `ResponseStream` gets the response head, then the stream's bytes as they are written; it
/// reads no further requests (input is discarded until EOF) and has no timeouts. It closes
/// when the owner finishes (after flushing), when the client closes, or at shutdown.
extension EventLoop {
    /// Posts "stream `token` has bytes or finished" to the loop (any thread).
    func streamReady(_ token: UInt64) {
        inbox.withLock { inbox in
            guard !inbox.closed else { return }
            let wasEmpty = inbox.completions.isEmpty && inbox.readyStreams.isEmpty
            inbox.readyStreams.append(token)
            if wasEmpty { selector.wake() }
        }
    }

    /// Writes the head of a streamed response and turns the connection into a stream.
    func startStreaming(_ connection: HTTPConnection, response: HTTPResponse, stream: ResponseStream) {
        serializer.writeStreamHead(response, to: &connection.output, unixSeconds: unixSeconds)
        connection.machine.closed()  // no more requests on this connection, no timers
        connection.stream = stream
        stream.attach(loop: self, token: connection.token)
        if shuttingDown { stream.finish() }
        pumpStream(connection)
    }

    /// Moves the stream's pending bytes to the connection and flushes.
    func pumpStream(_ connection: HTTPConnection) {
        guard let stream = connection.stream, !connection.isClosed else { return }
        let (bytes, finished) = stream.takePending()
        connection.output.append(contentsOf: bytes)
        if finished { connection.closeAfterFlush = true }
        flush(connection)  // once finished and flushed, the connection lingers and closes
    }

    /// Ends every stream (server shutdown): what was written is still sent.
    func finishStreams() {
        for case let connection? in slots where !connection.isClosed {
            connection.stream?.finish()
        }
    }
}
