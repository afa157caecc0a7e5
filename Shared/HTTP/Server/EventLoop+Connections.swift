#if canImport(Glibc)
import Glibc
#endif
import SluiceHTTPCore

extension EventLoop {
    /// Accepts what the backlog holds (bounded per wake-up, the listener is level-triggered).
    func acceptConnections() {
        guard let listener else { return }
        for _ in 0..<256 {
            let accepted: IOResult<(descriptor: Int32, peer: String)>
            do {
                accepted = try listener.withDescriptor { try Syscall.accept($0) }
            } catch let error as SystemCallError where error.errno == EMFILE || error.errno == ENFILE {
                // Out of descriptors: the level-triggered listener would spin, so stop
                // watching it for a moment and let connections close.
                selector.deregister(listener)
                listenerResumeAt = now &+ 100_000_000
                return
            } catch {
                return  // ECONNABORTED and the like concern one connection only.
            }
            guard case .processed(let (descriptor, peer)) = accepted else { return }
            let socket = Socket(descriptor: descriptor)
            _ = try? Syscall.setOption(descriptor, level: Int32(IPPROTO_TCP), name: TCP_NODELAY, value: Int32(1))
            let admitted = !shuttingDown && core.reserveConnection()
            let connection = addConnection(socket: socket, peer: peer, counted: admitted)
            guard let connection else { continue }
            if !admitted {
                let response = HTTPResponse.problem(
                    .serviceUnavailable, detail: "The server is at its connection limit.", headers: ["Retry-After": "1"])
                serializer.write(response, to: &connection.output, isHeadRequest: false, close: true, unixSeconds: unixSeconds)
                connection.machine.closed()
                connection.closeAfterFlush = true
                flush(connection)
            }
            reschedule(connection)
        }
    }

    private func addConnection(socket: Socket, peer: String, counted: Bool) -> HTTPConnection? {
        let slot: Int
        if let free = freeSlots.popLast() {
            slot = free
        } else {
            slot = slots.count
            slots.append(nil)
            generations.append(0)
        }
        generations[slot] &+= 1
        let token = UInt64(generations[slot]) << 32 | UInt64(slot)
        let machine = HTTPConnectionStateMachine(limits: core.configuration.limits, timeouts: timeouts, now: now)
        let connection = HTTPConnection(
            socket: socket, token: token, remoteAddress: peer, counted: counted, machine: machine)
        do {
            try selector.registerConnection(socket, token: token)
        } catch {
            try? socket.close()
            if counted { core.releaseConnection() }
            freeSlots.append(slot)
            return nil
        }
        slots[slot] = connection
        liveConnections += 1
        return connection
    }

    /// Reads until the socket is drained (edge-triggered), feeding the state machine and
    /// answering inline what can be; responses are flushed together at the end.
    func readable(_ connection: HTTPConnection, mustDrain: Bool) {
        while !connection.isClosed {
            if connection.machine.isHandling,
                connection.machine.bufferedByteCount > core.configuration.limits.maxHeadBytes + 65536
            {
                connection.readPaused = true
                break
            }
            connection.readPaused = false
            let result: IOResult<Int>
            do {
                result = try connection.socket.withDescriptor { try Syscall.read($0, into: readBuffer) }
            } catch {
                close(connection)
                return
            }
            guard case .processed(let count) = result else { break }
            if count == 0 {
                if connection.lingering || connection.stream != nil {
                    close(connection)
                    return
                }
                perform(connection.machine.peerClosedInput(), on: connection)
                break
            }
            if connection.lingering || connection.machine.isClosing { continue }
            connection.machine.received(UnsafeRawBufferPointer(rebasing: readBuffer[0..<count]))
            drive(connection)
            if count < readBuffer.count && !mustDrain { break }
        }
        if !connection.isClosed { flush(connection) }
    }

    /// Takes actions from the state machine until it waits.
    func drive(_ connection: HTTPConnection) {
        while !connection.isClosed {
            let action = connection.machine.nextAction(now: now)
            if case .none = action { return }
            perform(action, on: connection)
        }
    }

    func perform(_ action: HTTPConnectionStateMachine.Action, on connection: HTTPConnection) {
        switch action {
        case .none:
            return
        case .sendContinue:
            connection.output.append(contentsOf: HTTPResponseSerializer.continueResponse)
        case .handle(let parsed):
            connection.handlingHTTP10 = parsed.minorVersion == 0
            dispatch(parsed.request, on: connection)
        case .reject(let status, let reason):
            core.protocolErrors.record(status.code)
            let response = HTTPResponse.problem(status, detail: reason)
            serializer.write(response, to: &connection.output, isHeadRequest: false, close: true, unixSeconds: unixSeconds)
            connection.closeAfterFlush = true
        case .close:
            if connection.hasPendingOutput {
                connection.closeAfterFlush = true
            } else {
                close(connection)
            }
        }
    }

    /// Routes the request, then runs it inline (`.eventLoop` routes) or on a worker.
    private func dispatch(_ request: HTTPRequest, on connection: HTTPConnection) {
        connection.handlingHead = request.method == .head
        requestCount &+= 1
        let number = UInt64(truncatingIfNeeded: index) << 56 | (requestCount & 0x00FF_FFFF_FFFF_FFFF)
        var context = RequestContext(remoteAddress: connection.remoteAddress, requestID: RequestID(number))
        let token = connection.token
        let submitted: Bool
        if let router = core.router {
            let resolved = router.resolve(request)
            context.route = resolved.route
            context.parameters = resolved.parameters
            if resolved.execution == .eventLoop {
                finishHandling(connection, response: router.run(resolved, request: request, context: context), resume: false)
                return
            }
            submitted = core.workers.submit { [self, context] in
                complete(Completion(token: token, response: router.run(resolved, request: request, context: context)))
            }
        } else {
            let responder = core.responder
            submitted = core.workers.submit { [self, context] in
                let response: HTTPResponse
                do {
                    response = try responder.respond(to: request, context: context)
                } catch {
                    response = responseForThrown(error)
                }
                complete(Completion(token: token, response: response))
            }
        }
        if !submitted {
            let response = HTTPResponse.problem(.serviceUnavailable, detail: "The server is overloaded.")
            finishHandling(connection, response: response, resume: false)
        }
    }

    /// Queues the response of the request being handled; with `resume`, goes on with
    /// pipelined input and flushes (a worker completion), otherwise the caller does.
    func finishHandling(_ connection: HTTPConnection, response: HTTPResponse, resume: Bool = true) {
        if let stream = response.bodyStream as? ResponseStream {
            if connection.isClosed || !connection.machine.isHandling || connection.handlingHead {
                stream.connectionClosed()  // nobody will read it (a HEAD gets the head only)
            } else {
                startStreaming(connection, response: response, stream: stream)
                return
            }
        }
        guard !connection.isClosed, connection.machine.isHandling else { return }
        serializer.write(
            response, to: &connection.output, isHeadRequest: connection.handlingHead,
            close: connection.machine.responseMustClose, announceKeepAlive: connection.handlingHTTP10,
            unixSeconds: unixSeconds)
        if connection.machine.responseQueued(now: now) {
            connection.closeAfterFlush = true
        }
        guard resume else { return }
        drive(connection)
        if connection.readPaused && !connection.isClosed {
            readable(connection, mustDrain: true)
        } else if !connection.isClosed {
            flush(connection)
        }
        reschedule(connection)
    }

    /// Writes pending output until done or the socket is full (the EPOLLOUT edge resumes it).
    func flush(_ connection: HTTPConnection) {
        while connection.hasPendingOutput {
            let result: IOResult<Int>
            do {
                result = try connection.output.withUnsafeBytes { bytes in
                    try connection.socket.withDescriptor {
                        try Syscall.write($0, from: UnsafeRawBufferPointer(rebasing: bytes[connection.outputIndex...]))
                    }
                }
            } catch {
                close(connection)
                return
            }
            guard case .processed(let written) = result else {
                if connection.closeAfterFlush && connection.lingerDeadline == nil {
                    // A client that stops reading must not keep a closing connection forever.
                    connection.lingerDeadline = now &+ 5_000_000_000
                    reschedule(connection)
                }
                return
            }
            connection.outputIndex += written
        }
        if connection.outputIndex > 0 {
            connection.outputIndex = 0
            connection.output.removeAll(keepingCapacity: connection.output.capacity <= 65536)
        }
        if connection.closeAfterFlush && !connection.lingering { beginLinger(connection) }
    }

    /// Half-closes after the last response and discards input for up to two seconds, so
    /// the client reads the response rather than a connection reset.
    private func beginLinger(_ connection: HTTPConnection) {
        connection.lingering = true
        connection.machine.closed()
        _ = try? connection.socket.withDescriptor { try Syscall.shutdown($0, how: Int32(SHUT_WR)) }
        connection.lingerDeadline = now &+ 2_000_000_000
        reschedule(connection)
        readable(connection, mustDrain: true)
    }

    func close(_ connection: HTTPConnection) {
        guard !connection.isClosed else { return }
        connection.isClosed = true
        connection.machine.closed()
        connection.stream?.connectionClosed()
        selector.deregister(connection.socket)
        try? connection.socket.close()
        if connection.counted { core.releaseConnection() }
        let slot = Int(connection.token & 0xFFFF_FFFF)
        slots[slot] = nil
        freeSlots.append(slot)
        liveConnections -= 1
    }
}
