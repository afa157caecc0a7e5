import Analytics
import SluiceJSON
import SluiceSchema
import Testing

@Suite struct DefinitionTests {
    static let valid: JSONValue = [
        "topic": "page_view", "window": "1h",
        "filter": [["field": "country", "op": "in", "value": ["DE", "FR"]]],
        "groupBy": ["country"],
        "aggregations": [
            ["name": "views", "op": "count"], ["name": "users", "op": "count_distinct", "field": "user_id"],
            ["name": "p95_ms", "op": "p95", "field": "duration_ms"],
        ],
    ]

    @Test func parsesTheIssueExample() throws {
        let definition = try AnalysisDefinition(json: Self.valid)
        #expect(definition.window == .oneHour)
        #expect(definition.groupBy.map(\.description) == ["country"])
        #expect(definition.aggregations.map(\.op) == [.count, .countDistinct, .p95])
        #expect(try AnalysisDefinition(json: definition.json) == definition)
    }

    @Test func collectsEveryStructuralFault() {
        let body: JSONValue = [
            "topic": "page_view", "window": "2h", "groupBy": ["a", "b", "c", "d"],
            "filter": [["field": "x", "op": "~", "value": 1]],
            "aggregations": [["name": "s", "op": "sum"], ["name": "m", "op": "median", "field": "x"]],
            "extra": true,
        ]
        do {
            _ = try AnalysisDefinition(json: body)
            Issue.record("expected a DefinitionError")
        } catch {
            let paths = Set(error.issues.map(\.path))
            #expect(paths.isSuperset(of: [
                "$.window", "$.groupBy", "$.filter[0].op", "$.aggregations[0].field", "$.aggregations[1].op", "$.extra",
            ]))
        }
    }

    @Test func checksFieldsAgainstTheSchema() throws {
        let schema = try Schema.parse(AnalyticsFixture.pageViewSchema)
        let definition = try AnalysisDefinition(json: [
            "topic": "page_view", "window": "5m", "groupBy": ["device.os", "nope"],
            "filter": [["field": "country", "op": ">", "value": 3]],
            "aggregations": [
                ["name": "a", "op": "avg", "field": "country"], ["name": "b", "op": "max", "field": "status"],
                ["name": "c", "op": "count_distinct", "field": "device"],
            ],
        ])
        let issues = AnalysisValidator.issues(of: definition, schema: schema)
        #expect(Set(issues.map(\.path)) == ["$.groupBy[1]", "$.filter[0].field", "$.aggregations[0].field"])
        #expect(issues.contains { $0.message.contains("declares no field nope") })
        #expect(AnalysisValidator.issues(of: try AnalysisDefinition(json: Self.valid), schema: schema).isEmpty)
    }

    @Test func windowsAreAlignedAndWidened() {
        let size = WindowSize.fifteenMinutes
        #expect(size.windowStart(containing: at(901)) == at(900))
        #expect(size.windowStart(containing: at(900)) == at(900))
        #expect(size.widen(at(100)..<at(1800)) == at(0)..<at(1800))
        #expect(size.widen(at(100)..<at(1801)) == at(0)..<at(2700))
        #expect(size.windowStarts(in: at(0)..<at(2700)) == [at(0), at(900), at(1800)])
        let beforeEpoch = Timestamp(microsecondsSinceEpoch: -1)
        #expect(WindowSize.oneMinute.windowStart(containing: beforeEpoch).microsecondsSinceEpoch == -60_000_000)
    }

    @Test func percentilesUseTheNearestRank() throws {
        let definition = try AnalysisDefinition(json: [
            "topic": "t", "window": "1h",
            "aggregations": [
                ["name": "p50", "op": "p50", "field": "v"], ["name": "p90", "op": "p90", "field": "v"],
                ["name": "p99", "op": "p99", "field": "v"], ["name": "n", "op": "count"],
            ],
        ])
        let records = (1...10).map { (time: at(Int64($0)), payload: JSONValue.object(["v": .number(JSONNumber($0 * 10))])) }
        let result = ReferenceAggregator.compute(definition, records: records, windowStarts: [at(0)])
        #expect(result.count == 1)
        #expect(result[0].values["p50"] == 50)
        #expect(result[0].values["p90"] == 90)
        #expect(result[0].values["p99"] == 100)
        let empty = ReferenceAggregator.compute(definition, records: [], windowStarts: [at(3600)])
        #expect(empty.map(\.values) == [["p50": nil, "p90": nil, "p99": nil, "n": 0]])
        #expect(empty[0].eventCount == 0)
    }
}
