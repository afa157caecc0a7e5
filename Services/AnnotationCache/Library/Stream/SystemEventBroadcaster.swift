import Foundation
import Synchronization
import SluiceEventLog
import SluiceHTTP
import SluiceJSON

/// Tails the system topics of the event log and writes each record as a Server-Sent Event to
/// every subscribed stream. One thread serves all subscribers: each cycle reads every topic
/// once, from the oldest position any subscriber needs, and gives each subscriber what lies
/// after its own cursor (a client resuming from an old `Last-Event-ID` catches up over a few
/// cycles, in order). It reads only while someone listens.
public final class SystemEventBroadcaster: Sendable {
    struct Subscriber: Sendable {
        var stream: ResponseStream
        var cursor: StreamCursor
        /// Whether the subscriber may see events of a topic (its key's read scopes).
        var allows: @Sendable (String) -> Bool
    }

    public let log: any EventLog
    public let topics: [TopicName]
    public let pollInterval: Duration
    public let heartbeatInterval: Duration
    /// Records read per topic and cycle.
    let batchSize = 500
    private let subscribers = Mutex<[Int: Subscriber]>([:])
    private let nextID = Atomic<Int>(0)
    private let running = Atomic<Bool>(false)
    private let stopped = Atomic<Bool>(false)

    public init(
        log: any EventLog, topics: [TopicName], pollInterval: Duration = .milliseconds(200),
        heartbeatInterval: Duration = .seconds(15)
    ) {
        self.log = log
        self.topics = topics
        self.pollInterval = pollInterval
        self.heartbeatInterval = heartbeatInterval
    }

    /// Subscribers connected now.
    public var subscriberCount: Int { subscribers.withLock { $0.count } }

    /// The cursor after the newest record of every topic (a new client starts here).
    public func head() throws(EventLogError) -> StreamCursor {
        var offsets: [Int64] = []
        for topic in topics { offsets.append(try log.lastOffset(topic: topic)) }
        return StreamCursor(offsets: offsets)
    }

    /// Adds a stream that receives every event after `cursor` its filter allows; it is removed
    /// when the stream closes. Starts the broadcasting thread at the first subscriber.
    public func subscribe(_ stream: ResponseStream, after cursor: StreamCursor, allows: @escaping @Sendable (String) -> Bool) {
        let id = nextID.add(1, ordering: .relaxed).newValue
        subscribers.withLock { $0[id] = Subscriber(stream: stream, cursor: cursor, allows: allows) }
        stream.onClose { [self] in _ = subscribers.withLock { $0.removeValue(forKey: id) } }
        startIfNeeded()
    }

    /// Stops the thread and ends every stream.
    public func stop() {
        stopped.store(true, ordering: .relaxed)
        let all = subscribers.withLock { $0.values.map(\.stream) }
        for stream in all { stream.finish() }
    }

    private func startIfNeeded() {
        guard !stopped.load(ordering: .relaxed),
            running.compareExchange(expected: false, desired: true, ordering: .relaxed).exchanged
        else { return }
        BackgroundThread.start(name: "sluice-cache-sse") { [self] in run() }
    }

    private func run() {
        var lastWrite = ContinuousClock.now
        while !stopped.load(ordering: .relaxed) {
            let more: Bool
            do {
                more = try cycle()
            } catch {
                more = false  // the database is away: keep the streams, try again next cycle
            }
            if more { lastWrite = ContinuousClock.now; continue }
            if ContinuousClock.now - lastWrite >= heartbeatInterval {
                for stream in subscribers.withLock({ $0.values.map(\.stream) }) { stream.write(ServerSentEvent.heartbeat) }
                lastWrite = ContinuousClock.now
            }
            Thread.sleep(forTimeInterval: Double(pollInterval.components.attoseconds) / 1e18 + Double(pollInterval.components.seconds))
        }
        running.store(false, ordering: .relaxed)
    }

    /// One read of every topic and delivery to every subscriber; true when a batch was full
    /// (there is more to read at once).
    func cycle() throws -> Bool {
        let current = subscribers.withLock { $0 }
        guard !current.isEmpty else { return false }
        var records: [(index: Int, record: LogRecord)] = []
        var full = false
        for (index, topic) in topics.enumerated() {
            let from = current.values.map { $0.cursor.offsets[index] }.min() ?? 0
            let batch = try log.read(topic: topic, after: from, limit: batchSize)
            if batch.count == batchSize { full = true }
            records.append(contentsOf: batch.map { (index, $0) })
        }
        guard !records.isEmpty else { return false }
        records.sort { ($0.record.appendedAt, $0.index, $0.record.offset) < ($1.record.appendedAt, $1.index, $1.record.offset) }
        let encoded = records.map { JSONSerializer.serialize($0.record.payload) }
        var advanced: [Int: StreamCursor] = [:]
        for (id, subscriber) in current {
            var cursor = subscriber.cursor
            var out: [UInt8] = []
            for (position, item) in records.enumerated() where item.record.offset > cursor.offsets[item.index] {
                cursor.offsets[item.index] = item.record.offset
                let type = item.record.topic.rawValue
                guard subscriber.allows(type) else { continue }
                out.append(contentsOf: ServerSentEvent.encode(id: cursor.description, event: type, data: encoded[position]))
            }
            if !out.isEmpty { subscriber.stream.write(out) }
            advanced[id] = cursor
        }
        subscribers.withLock { all in
            for (id, cursor) in advanced { all[id]?.cursor = cursor }
        }
        return full
    }
}
