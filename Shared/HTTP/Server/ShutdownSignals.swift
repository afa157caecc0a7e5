#if canImport(Glibc)
import Glibc
#endif

/// Turns SIGTERM and SIGINT into a graceful `HTTPServer.shutdown()`.
public enum ShutdownSignals {
    /// Blocks SIGTERM and SIGINT in the calling thread (threads started afterwards inherit
    /// the mask) and starts a thread that waits for them with `sigwait` and then shuts the
    /// server down. Call it early in `main`, before starting other threads, so no thread
    /// receives the signals instead.
    public static func shutdownOnTermination(_ server: HTTPServer) {
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGTERM)
        sigaddset(&set, SIGINT)
        pthread_sigmask(SIG_BLOCK, &set, nil)
        let signals = set
        spawnThread(name: "sluice-signals") {
            var set = signals
            var received: Int32 = 0
            _ = sigwait(&set, &received)
            server.shutdown()
        }
    }
}
