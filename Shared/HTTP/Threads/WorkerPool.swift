/// A fixed set of threads running blocking handler jobs from a bounded queue, so event
/// loops never wait for a handler. `submit` refuses work when the queue is full (the
/// server answers 503). Threads never exit; a job that hangs keeps its thread.
final class WorkerPool: @unchecked Sendable {
    typealias Job = @Sendable () -> Void
    private let lock = ConditionLock()
    private var queue: [Job?] = []
    private var head = 0
    private let capacity: Int
    private var stopped = false

    private let threadCount: Int

    init(threadCount: Int, queueCapacity: Int) {
        capacity = queueCapacity
        self.threadCount = max(1, threadCount)
    }

    /// Starts the threads (once, from `HTTPServer.start()`, so they inherit its signal mask).
    func start() {
        for index in 0..<threadCount {
            spawnThread(name: "sluice-worker-\(index)") { [self] in work() }
        }
    }

    /// Queues a job; false when the queue is full or the pool stopped.
    func submit(_ job: @escaping Job) -> Bool {
        lock.withLock {
            guard !stopped, queue.count - head < capacity else { return false }
            queue.append(job)
            lock.signal()
            return true
        }
    }

    /// Lets idle threads exit; queued jobs still run.
    func stop() {
        lock.withLock {
            stopped = true
            lock.broadcast()
        }
    }

    private func work() {
        while true {
            let job: Job? = lock.withLock {
                while head == queue.count {
                    if stopped { return nil }
                    _ = lock.wait()
                }
                let job = queue[head]
                queue[head] = nil
                head += 1
                if head == queue.count {
                    queue.removeAll(keepingCapacity: true)
                    head = 0
                }
                return job
            }
            guard let job else { return }
            job()
        }
    }
}
