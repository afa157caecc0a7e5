#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// Turns SIGTERM and SIGINT into a graceful `HTTPServer.shutdown()`.
public enum ShutdownSignals {
    /// Blocks SIGTERM and SIGINT in the calling thread (threads started afterwards inherit
    /// the mask, so call it in `main` before `start()` and before starting other threads)
    /// and starts a thread that waits for them with `sigwait`, then shuts the server down.
    public static func shutdownOnTermination(_ server: HTTPServer) {
        _ = watch(server)
    }

    /// The waiting thread, for tests that direct a signal at it with `pthread_kill`.
    final class Watcher: Sendable {
        let thread = Mutex<pthread_t?>(nil)
        /// The signal that arrived, once one did.
        let received = Mutex<Int32?>(nil)
    }

    /// Blocks SIGTERM and SIGINT in the calling thread; threads it starts afterwards inherit
    /// the mask. Call it first in `main`, so that no thread started while a service is being
    /// built can receive them (their default action would kill the process instead of the
    /// graceful shutdown).
    public static func blockTerminationSignals() {
        var set = terminationSet
        pthread_sigmask(SIG_BLOCK, &set, nil)
    }

    private static var terminationSet: sigset_t {
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGTERM)
        sigaddset(&set, SIGINT)
        return set
    }

    static func watch(_ server: HTTPServer) -> Watcher {
        blockTerminationSignals()
        let signals = terminationSet
        let watcher = Watcher()
        let ready = ConditionLock()
        spawnThread(name: "sluice-signals") {
            ready.withLock {
                watcher.thread.withLock { $0 = pthread_self() }
                ready.broadcast()
            }
            var set = signals
            var signal: Int32 = 0
            _ = sigwait(&set, &signal)
            watcher.received.withLock { $0 = signal }
            server.shutdown()
        }
        ready.withLock {
            while watcher.thread.withLock({ $0 }) == nil { _ = ready.wait() }
        }
        return watcher
    }
}
