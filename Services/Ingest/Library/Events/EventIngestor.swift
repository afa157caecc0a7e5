import Synchronization
import SluiceCrypto
import SluiceEventLog
import SluiceHTTP
import SluiceJSON
import SluicePostgres
import SluiceSchema

/// Stores one request's events: checks each (`EventChecker`), then in ONE transaction writes
/// the dead letters of the rejected ones, counts drift, publishes first sightings of new
/// fields, and appends the accepted ones to the topic in the event log (last, since the
/// append holds the topic's lock until COMMIT). The caller answers 2xx only after this
/// returns, i.e. after COMMIT; any error means nothing of the request was stored.
///
/// Requests for one topic that arrive while its transaction runs share the next one
/// (`GroupCommitter`): still all-or-nothing per request, since a group that fails is retried
/// request by request.
public final class EventIngestor: Sendable {
    let pool: PostgresPool
    let log: PostgresEventLog
    let registry: TopicRegistry
    let metrics: IngestMetrics
    /// CloudEvents `source` of what Ingest publishes.
    let source: String
    /// Topics whose day partitions this process has prepared (see `prepare(topic:)`).
    private let prepared = Mutex<Set<String>>([])
    private let committers = Mutex<[String: GroupCommitter<PreparedBatch, AppendResult>]>([:])

    init(pool: PostgresPool, log: PostgresEventLog, registry: TopicRegistry, metrics: IngestMetrics, source: String) {
        self.pool = pool
        self.log = log
        self.registry = registry
        self.metrics = metrics
        self.source = source
    }

    /// Ingests the request's events into `topic` (404 when unknown).
    public func ingest(
        topic: String, request: IngestRequest, producerKeyID: String?, traceparent: String?, receivedAt: Timestamp
    ) throws -> IngestResult {
        guard let topicName = TopicName(topic) else { throw TopicRegistry.unknownTopic(topic) }
        try prepare(topic: topicName)
        let batch = try pool.withConnection { connection in
            guard let info = try registry.topic(topic, on: connection) else { throw TopicRegistry.unknownTopic(topic) }
            // Looked up once per version and request: the registry's cache is shared by every
            // worker thread, and a look-up per event made its lock the hottest spot under load.
            var schemas: [Int: Schema] = [:]
            let checker = EventChecker(
                topic: topicName, retentionDays: info.retentionDays, latestVersion: info.latestVersion,
                schema: { [registry] version in
                    if let known = schemas[version] { return known }
                    let found = try registry.schema(topic: topic, version: version, on: connection)
                    schemas[version] = found
                    return found
                },
                receivedAt: receivedAt, producerKeyID: producerKeyID, traceparent: traceparent,
                outOfRange: request.outOfRange)
            var batch = PreparedBatch(
                topic: topic, outOfRange: request.outOfRange, producerKeyID: producerKeyID, traceparent: traceparent)
            for (index, event) in request.events.enumerated() {
                batch.add(try checker.check(event), index: index, raw: event)
            }
            return batch
        }
        let started = ContinuousClock.now
        let outcome = try committer(for: topicName).submit(batch, size: max(1, batch.records.count)) { group in
            commitGroup(group, topicName: topicName)
        }
        metrics.recordCommit(
            topic: topic, batch: request.events.count, accepted: outcome.appendedCount,
            duplicates: outcome.duplicateCount, rejected: batch.deadLetters.count,
            seconds: Self.seconds(started.duration(to: .now)))
        return IngestResult(accepted: outcome.appendedCount, duplicates: outcome.duplicateCount, rejected: batch.rejections)
    }

    /// The first time this process sees a topic, lets the log create (or find) its day
    /// partitions around today, on a connection of its own, BEFORE a request holds one: an
    /// append that finds a partition missing creates it on a second pooled connection, and
    /// many requests doing that at once while each holds a connection could exhaust the pool.
    func prepare(topic: TopicName) throws {
        guard !prepared.withLock({ $0.contains(topic.rawValue) }) else { return }
        guard let info = try registry.topic(topic.rawValue) else { throw TopicRegistry.unknownTopic(topic.rawValue) }
        try ingestStep { try log.createTopic(topic, retention: RetentionPolicy(days: info.retentionDays)) }
        prepared.withLock { _ = $0.insert(topic.rawValue) }
    }

    /// The topic's group committer (one per topic and process).
    func committer(for topic: TopicName) -> GroupCommitter<PreparedBatch, AppendResult> {
        committers.withLock { committers in
            if let committer = committers[topic.rawValue] { return committer }
            let committer = GroupCommitter<PreparedBatch, AppendResult>(maxItems: log.maximumBatchSize)
            committers[topic.rawValue] = committer
            return committer
        }
    }

    /// Commits a group of requests in one transaction; when that fails for a reason other
    /// than an unreachable database, each request is retried alone, so one request's failure
    /// never fails the others.
    func commitGroup(_ group: [PreparedBatch], topicName: TopicName) -> [Result<AppendResult, any Error>] {
        do {
            return try store(group, topicName: topicName).map { .success($0) }
        } catch {
            guard group.count > 1, !Self.isUnavailable(error) else { return group.map { _ in .failure(error) } }
            return group.map { batch in Result { try store([batch], topicName: topicName)[0] } }
        }
    }

    static func isUnavailable(_ error: any Error) -> Bool {
        if let error = error as? PostgresError { return error.isUnavailable }
        if let error = error as? PostgresTransactionError { return error.isUnavailable }
        if let error = error as? HTTPError { return error.status == .serviceUnavailable }
        return false
    }

    /// The storing transaction of a group (see the type's comment), retried when PostgreSQL
    /// aborts it to resolve a deadlock (`EventLogError.conflict`: nothing of it was stored).
    func store(_ group: [PreparedBatch], topicName: TopicName) throws -> [AppendResult] {
        var attempt = 1
        while true {
            do {
                return try storeOnce(group, topicName: topicName)
            } catch EventLogError.conflict where attempt < PostgresEventLog.conflictAttempts {
                attempt += 1
            }
        }
    }

    /// Every request's dead letters and drift, then one append of all their records (last:
    /// it holds the topic's lock until COMMIT), split back per request.
    func storeOnce(_ group: [PreparedBatch], topicName: TopicName) throws -> [AppendResult] {
        try pool.withTransaction { connection in
            for batch in group {
                try DeadLetterStore.insert(
                    batch.deadLetters, topic: batch.topic, producerKeyID: batch.producerKeyID,
                    traceparent: batch.traceparent, on: connection)
            }
            var drift: [DriftObservation: (count: Int, sample: String)] = [:]
            for batch in group {
                drift.merge(batch.drift) { ($0.count + $1.count, $0.sample) }
            }
            let newFields = try DriftStore.record(drift, topic: topicName.rawValue, on: connection)
            for field in newFields {
                // The id names the topic and path: one event per new field, ever.
                _ = try ingestStep {
                    try log.publish(
                        SchemaFieldSeen(topic: topicName.rawValue, path: field.path, sample: field.sample), source: source,
                        subject: topicName.rawValue,
                        id: "schema-drift:" + SHA256.hexDigest(Array("\(topicName.rawValue)\u{0}\(field.path)".utf8)),
                        traceparent: group[0].traceparent, on: connection)
                }
            }
            if !newFields.isEmpty {
                metrics.driftFirstSeen.labels(topicName.rawValue).increment(by: UInt64(newFields.count))
            }
            let all = group.flatMap(\.records)
            let outcomes = try ingestStep { try log.append(all, to: topicName, on: connection) }.outcomes
            var results: [AppendResult] = []
            var start = 0
            for batch in group {
                results.append(AppendResult(outcomes: Array(outcomes[start..<start + batch.records.count])))
                start += batch.records.count
            }
            return results
        }
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    }
}

/// One request's events sorted into what to append, what to dead-letter and what drift to count.
struct PreparedBatch {
    let topic: String
    let outOfRange: OutOfRangeNumbers
    let producerKeyID: String?
    let traceparent: String?
    var records: [AppendRecord] = []
    var deadLetters: [NewDeadLetter] = []
    var rejections: [IngestResult.Rejection] = []
    var drift: [DriftObservation: (count: Int, sample: String)] = [:]

    init(topic: String, outOfRange: OutOfRangeNumbers, producerKeyID: String?, traceparent: String?) {
        self.topic = topic
        self.outOfRange = outOfRange
        self.producerKeyID = producerKeyID
        self.traceparent = traceparent
    }

    mutating func add(_ checked: CheckedEvent, index: Int, raw: JSONValue) {
        switch checked {
        case .accepted(let record, let unknownFields):
            records.append(record)
            for path in unknownFields {
                observe(DriftObservation(kind: .unknownField, path: path), sample: raw)
            }
        case .rejected(let errors, let version, let id):
            let text = String(decoding: outOfRange.restore(in: JSONSerializer.serialize(raw)), as: UTF8.self)
            deadLetters.append(NewDeadLetter(eventText: text, errors: errors, schemaVersion: version))
            rejections.append(IngestResult.Rejection(index: index, id: id, errors: errors))
            for error in errors where error.path.hasPrefix("$.data") {
                observe(DriftObservation(kind: .violation, path: error.path), sample: raw)
            }
        }
    }

    private mutating func observe(_ observation: DriftObservation, sample raw: JSONValue) {
        let observation = DriftObservation(kind: observation.kind, path: Self.collapsingIndices(observation.path))
        if let seen = drift[observation] {
            drift[observation] = (seen.count + 1, seen.sample)
        } else {
            let data = raw["data"] ?? raw
            let text = String(decoding: outOfRange.restore(in: JSONSerializer.serialize(data)), as: UTF8.self)
            drift[observation] = (1, String(text.prefix(500)))
        }
    }

    /// `$.data.items[3].sku` → `$.data.items[*].sku`: drift is counted per field, not per element.
    static func collapsingIndices(_ path: String) -> String {
        var result = ""
        var inIndex = false
        for character in path {
            if inIndex {
                if character == "]" {
                    result += "*]"
                    inIndex = false
                } else if !character.isNumber {
                    return path
                }
                continue
            }
            result.append(character)
            if character == "[" { inIndex = true }
        }
        return inIndex ? path : result
    }
}
