import Foundation

/// Starts the cache's long-lived background threads. SIGTERM and SIGINT are already blocked
/// for them: `ServiceMain` blocks both before the service is built, and threads inherit
/// the mask, so a termination signal always reaches the graceful-shutdown thread.
enum BackgroundThread {
    static func start(name: String, _ body: @escaping @Sendable () -> Void) {
        let thread = Thread { body() }
        thread.name = name
        thread.start()
    }
}
