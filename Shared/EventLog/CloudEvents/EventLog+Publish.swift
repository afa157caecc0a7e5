import SluiceJSON
import SluicePostgres

extension EventLog {
    /// Publishes a system event on its topic (`E.topic`, created by `createTopic` at
    /// start-up) as a CloudEvent stamped with the current time. Pass an `id` derived from the
    /// step (its run id, say) so that a retried step is reported as a duplicate; without one,
    /// every call is a new event (see `SystemEventData.cloudEvent`).
    @discardableResult
    public func publish<E: SystemEventData>(
        _ data: E, source: String, subject: String? = nil, id: String? = nil, traceparent: String? = nil
    ) throws -> AppendOutcome {
        let now = Timestamp.now()
        let event = try data.cloudEvent(source: source, time: now, subject: subject, id: id, traceparent: traceparent)
        return try append(event.appendRecord(appendTime: now), to: E.topic)
    }
}

extension PostgresEventLog {
    /// `publish` inside the caller's transaction on `connection` (the outbox pattern).
    @discardableResult
    public func publish<E: SystemEventData>(
        _ data: E, source: String, subject: String? = nil, id: String? = nil, traceparent: String? = nil,
        on connection: PostgresConnection
    ) throws -> AppendOutcome {
        let now = Timestamp.now()
        let event = try data.cloudEvent(source: source, time: now, subject: subject, id: id, traceparent: traceparent)
        return try append([event.appendRecord(appendTime: now)], to: E.topic, on: connection).outcomes[0]
    }
}
