// SluiceHTTP: an overview for readers (no code here).
//
// # SluiceHTTP server
//
//     var router = Router()
//     router.get("/healthz", execution: .eventLoop) { _, _ in .text("ok") }
//     router.get("/v1/topics/{topic}") { request, context in
//         .text("topic \(context.parameters["topic"] ?? "")")    // runs on a worker; may block
//     }
//     router.add(middleware: MyLogging())                       // sees context.route
//     let server = HTTPServer(configuration: ServerConfiguration(port: 8080), responder: router)
//     ShutdownSignals.shutdownOnTermination(server)             // before start(): SIGTERM/SIGINT
//     try server.start()                                        // binds; server.port is readable
//     server.wait()                                             // returns after graceful shutdown
//
// ## How it is built
//
// - `System/`: the only code that calls libc (`Syscall`, `Socket`, `Selector` = epoll + eventfd).
// - `Server/`: `EventLoop` (one thread per loop, its own epoll and its own SO_REUSEPORT
//   listener: the kernel spreads connections, no acceptor hand-off), `HTTPConnection`,
//   `TimerHeap` (the earliest deadline is the epoll_wait timeout), `HTTPServer`.
// - Connection logic is `HTTPConnectionStateMachine` in SluiceHTTPCore (pure, tested without
//   sockets); the loop only moves bytes and carries out its actions.
// - `Threads/`: the bounded worker pool for blocking handlers; responses return to the loop
//   through its locked inbox and the eventfd.
// - `Router/`, `Responder/`, `Error/`: hummingbird-style `HTTPResponder`, `Router`,
//   `HTTPMiddleware`, `HTTPResponseError`/`HTTPError` (problem+json).
//
// ## Behaviour
//
// - Limits (`HTTPLimits`) and framing errors are answered before routing with their status
//   (400, 408, 413, 431, 501, 505) as problem+json with `Connection: close`; the connection
//   then half-closes and discards input for up to 2 s so the client reads the answer.
// - Pipelined requests are handled one at a time per connection, in order; inline
//   (`.eventLoop`) responses for one read are written with one `write`.
// - Over `maxConnections`, new connections get a 503 problem and are closed.
// - Out of descriptors (EMFILE), a loop stops watching its listener for 100 ms.
// - `shutdown()`: listeners close (new connects are refused once it returns), idle
//   connections close, in-flight requests finish with `Connection: close`, and everything
//   left is closed at the shutdown deadline (a hung handler's worker thread is abandoned).
//
// ## Limits of this version
//
// - IPv4 only. Path parameters are not percent-decoded. Header values that are not UTF-8
//   (obs-text) are decoded with replacement characters.
// - Routes added with `on(_:_:inlineWhen:handler:)` run inline when a cheap probe says the
//   request will not block (answers already in memory), on a worker otherwise.
// - Response bodies are whole byte arrays, or a `ResponseStream` (Streaming/: a body written
//   after the handler returned, delimited by the connection close; no chunked encoding).
