import Analytics
import SluiceJSON
import SluicePostgres
import Testing

/// The PostgreSQL computation (`WindowComputer`) against the Swift definition
/// (`ReferenceAggregator`) and against hand-written SQL over the raw store.
@Suite struct ComputeTests {
    /// Deterministic pseudo-random events over 6 hours, with missing fields, nulls, strings
    /// where numbers are expected, and nested fields.
    static func events(count: Int, seed: UInt64 = 42) -> [(Timestamp, JSONValue)] {
        var state = seed
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        let countries: [JSONValue] = ["DE", "FR", "US", .null]
        return (0..<count).map { index in
            var payload: JSONObject = ["user_id": .string("u\(next(40))")]
            if next(10) > 0 { payload["country"] = countries[next(4)] }
            switch next(12) {
            case 0: payload["duration_ms"] = "slow"
            case 1: break
            case 2: payload["duration_ms"] = .null
            default: payload["duration_ms"] = .number(JSONNumber(Double(next(2000)) / 2))
            }
            payload["status"] = .number(JSONNumber([200, 200, 200, 404, 500][next(5)]))
            payload["device"] = ["os": .string(["ios", "android", "linux"][next(3)])]
            return (at(Int64(next(6 * 3600)) + Int64(index % 2)), .object(payload))
        }
    }

    static func definition(_ json: JSONValue) throws -> AnalysisDefinition { try AnalysisDefinition(json: json) }

    static let definitions: [JSONValue] = [
        [
            "topic": "page_view", "window": "1h",
            "aggregations": [
                ["name": "views", "op": "count"], ["name": "users", "op": "count_distinct", "field": "user_id"],
                ["name": "p95_ms", "op": "p95", "field": "duration_ms"], ["name": "p50_ms", "op": "p50", "field": "duration_ms"],
                ["name": "sum_ms", "op": "sum", "field": "duration_ms"], ["name": "min_ms", "op": "min", "field": "duration_ms"],
                ["name": "max_ms", "op": "max", "field": "duration_ms"], ["name": "avg_ms", "op": "avg", "field": "duration_ms"],
                ["name": "with_country", "op": "count", "field": "country"],
                ["name": "sd_ms", "op": "stddev", "field": "duration_ms"],
                ["name": "country.null_rate", "op": "null_rate", "field": "country"],
            ],
        ],
        [
            "topic": "page_view", "window": "15m",
            "filter": [["field": "country", "op": "in", "value": ["DE", "FR", nil]], ["field": "status", "op": "<", "value": 500]],
            "groupBy": ["country", "device.os"],
            "aggregations": [
                ["name": "views", "op": "count"], ["name": "p99", "op": "p99", "field": "duration_ms"],
                ["name": "p90", "op": "p90", "field": "duration_ms"], ["name": "users", "op": "count_distinct", "field": "user_id"],
            ],
        ],
        [
            "topic": "page_view", "window": "5m",
            "filter": [
                ["field": "country", "op": "!=", "value": "US"], ["field": "duration_ms", "op": "exists"],
                ["field": "user_id", "op": ">=", "value": "u2"], ["field": "status", "op": "=", "value": 200],
            ],
            "groupBy": ["status"],
            "aggregations": [["name": "avg", "op": "avg", "field": "duration_ms"], ["name": "n", "op": "count"]],
        ],
    ]

    @Test func postgresAgreesWithTheReference() throws {
        try AnalyticsFixture.with(label: "compute") { fixture in
            try fixture.append(Self.events(count: 3000))
            let stored = try fixture.records()
            #expect(stored.count == 3000)
            let computer = WindowComputer(pool: fixture.pool)
            for json in Self.definitions {
                let definition = try Self.definition(json)
                // Seven hours: the last one is empty.
                let starts = definition.window.windowStarts(in: at(0)..<at(7 * 3600))
                let expected = ReferenceAggregator.compute(definition, records: stored, windowStarts: starts)
                let actual = try computer.compute(definition, windowStarts: starts)
                #expect(actual.count == expected.count)
                for (lhs, rhs) in zip(actual, expected) { expectClose(lhs, rhs) }
                if definition.groupBy.isEmpty {
                    #expect(actual.count == starts.count)
                    #expect(actual.last?.eventCount == 0)
                    #expect(actual.last?.values["p95_ms"] == .null)
                }
            }
        }
    }

    @Test func percentilesEqualHandWrittenSQL() throws {
        try AnalyticsFixture.with(label: "pct") { fixture in
            try fixture.append(Self.events(count: 2000, seed: 7))
            let definition = try Self.definition(Self.definitions[0])
            let actual = try WindowComputer(pool: fixture.pool).compute(definition, range: at(0)..<at(6 * 3600))
            let rows = try fixture.pool.withConnection { connection in
                try connection.query(
                    """
                    SELECT (extract(epoch FROM date_trunc('hour', time)) * 1000000)::int8, count(*),
                        count(DISTINCT payload->'user_id'),
                        percentile_disc(0.95) WITHIN GROUP (ORDER BY (payload->>'duration_ms')::float8)
                            FILTER (WHERE jsonb_typeof(payload->'duration_ms') = 'number')
                    FROM eventlog.records
                    WHERE topic_id = (SELECT topic_id FROM eventlog.topics WHERE name = 'page_view')
                        AND time < '2026-03-02T06:00:00Z'
                    GROUP BY 1 ORDER BY 1
                    """
                ).map { try $0.decode((Int64, Int64, Int64, Double?).self) }
            }
            #expect(rows.count == 6)
            for (row, annotation) in zip(rows, actual) {
                #expect(annotation.windowStart.microsecondsSinceEpoch == row.0)
                #expect(annotation.eventCount == row.1)
                #expect(annotation.values["users"]?.int64 == row.2)
                #expect(annotation.values["p95_ms"]?.double == row.3)
            }
        }
    }

    @Test func lateEventsChangeOnlyTheirWindow() throws {
        try AnalyticsFixture.with(label: "late") { fixture in
            let definition = try Self.definition(Self.definitions[0])
            try fixture.append([(at(10), ["user_id": "a", "duration_ms": 5]), (at(3700), ["user_id": "b", "duration_ms": 7])])
            let computer = WindowComputer(pool: fixture.pool)
            let before = try computer.compute(definition, range: at(0)..<at(7200))
            try fixture.append([(at(20), ["user_id": "c", "duration_ms": 9])])
            let after = try computer.compute(definition, range: at(0)..<at(7200))
            #expect(before[0].eventCount == 1 && after[0].eventCount == 2)
            #expect(after[0].values["max_ms"] == 9)
            #expect(before[1] == after[1])
        }
    }
}

/// Equal, with floating-point values within a relative 1e-9 (sums may add in another order).
func expectClose(_ lhs: WindowAnnotation, _ rhs: WindowAnnotation, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(lhs.windowStart == rhs.windowStart, sourceLocation: sourceLocation)
    #expect(lhs.group == rhs.group, sourceLocation: sourceLocation)
    #expect(lhs.eventCount == rhs.eventCount, sourceLocation: sourceLocation)
    #expect(lhs.values.keys == rhs.values.keys, sourceLocation: sourceLocation)
    for key in lhs.values.keys {
        let a = lhs.values[key] ?? .null, b = rhs.values[key] ?? .null
        if let x = a.double, let y = b.double {
            #expect(abs(x - y) <= 1e-9 * max(1, abs(x), abs(y)), "\(key): \(x) vs \(y)", sourceLocation: sourceLocation)
        } else {
            #expect(a == b, "\(key)", sourceLocation: sourceLocation)
        }
    }
}
