import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Starts the cache's long-lived background threads. They are created while the service is
/// being built, before `ServiceRuntime.run` blocks SIGTERM and SIGINT for its signal-waiting
/// thread, so each blocks those signals itself first: otherwise the kernel could deliver a
/// SIGTERM to one of them and its default action would kill the process instead of the
/// graceful shutdown.
enum BackgroundThread {
    static func start(name: String, _ body: @escaping @Sendable () -> Void) {
        let thread = Thread {
            var signals = sigset_t()
            sigemptyset(&signals)
            sigaddset(&signals, SIGTERM)
            sigaddset(&signals, SIGINT)
            pthread_sigmask(SIG_BLOCK, &signals, nil)
            body()
        }
        thread.name = name
        thread.start()
    }
}
