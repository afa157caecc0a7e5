import Foundation
import SluiceHTTP
import SluiceHTTPCore
import SluiceJSON

extension IngestService {
    /// `GET /v1/status` for the dashboard, open like the other services' (no key):
    /// `{"service": "ingest", "status": "ok" | "degraded", "figures": {"eventsPerSecond",
    /// "rejectedPercent", "databaseReachable", "topics": [{"topic", "hour": {"accepted",
    /// "duplicates", "rejected", "deadLettered"}, "day": {...}}]}}`. Degraded when the
    /// database is unreachable. No query: the figures come from this replica's counters.
    func addStatusRoute(to router: inout Router) {
        router.get("/v1/status") { [self] _, _ in
            .json(statusJSON())
        }
    }

    /// The body of `GET /v1/status` at `now` (seconds since the epoch).
    func statusJSON(now: Double = Date().timeIntervalSince1970) -> JSONValue {
        let recent = metrics.recent
        let spans = recent.spans(now: now)
        let lastHour = spans.reduce(OutcomeCounts()) { $0 + $1.hour }
        let rejectedPercent = lastHour.received == 0 ? 0 : Double(lastHour.rejected) * 100 / Double(lastHour.received)
        let databaseUp = runtime.database.lastKnownReachable
        let topics: [JSONValue] = spans.map { span in
            .object(JSONObject(uniqueMembers: [
                ("topic", .string(span.topic)), ("hour", Self.json(span.hour)), ("day", Self.json(span.day)),
            ]))
        }
        return .object(JSONObject(uniqueMembers: [
            ("service", .string("ingest")),
            ("status", .string(databaseUp ? "ok" : "degraded")),
            ("figures", .object(JSONObject(uniqueMembers: [
                ("eventsPerSecond", .number(JSONNumber(recent.acceptedPerSecond(now: now)))),
                ("rejectedPercent", .number(JSONNumber(rejectedPercent))),
                ("databaseReachable", .bool(databaseUp)),
                ("topics", .array(topics)),
            ]))),
        ]))
    }

    private static func json(_ counts: OutcomeCounts) -> JSONValue {
        .object(JSONObject(uniqueMembers: [
            ("accepted", .number(JSONNumber(Int64(counts.accepted)))),
            ("duplicates", .number(JSONNumber(Int64(counts.duplicates)))),
            ("rejected", .number(JSONNumber(Int64(counts.rejected)))),
            ("deadLettered", .number(JSONNumber(Int64(counts.deadLettered)))),
        ]))
    }
}
