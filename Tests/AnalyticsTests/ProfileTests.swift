import Analytics
import SluiceHTTPCore
import SluiceJSON
import SluiceSchema
import Testing

@Suite struct ProfileTests {
    @Test func theProfileFollowsTheSchema() throws {
        let schema = try Schema.parse(AnalyticsFixture.pageViewSchema)
        let definition = DataQualityProfile.definition(topic: "page_view", schema: schema)
        let names = definition.aggregations.map(\.name)
        #expect(names.first == "events")
        #expect(names.contains("user_id.null_rate") && names.contains("device.os.null_rate"))
        #expect(names.contains("duration_ms.stddev") && names.contains("status.mean"))
        #expect(!names.contains("user_id.min"))
        #expect(DataQualityProfile.analysisName(topic: "a.b") == "profile-a_b")
        #expect(AnalysisValidator.issues(of: definition, schema: schema).isEmpty)
    }

    @Test func everyTopicGetsAProfileInTheCache() throws {
        try AnalyticsHarness.with(label: "profile", profiles: true) { harness in
            try harness.fixture.append([
                (at(10), ["user_id": "a", "duration_ms": 10, "country": "DE"]),
                (at(20), ["user_id": "b", "duration_ms": 30]),
                (at(30), ["duration_ms": .null, "user_id": .null]),
                (at(40), ["duration_ms": 20]),
            ])
            #expect(harness.eventually {
                try harness.send(.get, "/v1/analyses/profile-page_view").status == .ok
            })
            var document: JSONValue = .null
            #expect(harness.eventually {
                document = try harness.cached("profile-page_view", from: at(0), to: at(3600))["annotations"]?[0] ?? .null
                return document["eventCount"] == 4
            })
            let values = document["values"] ?? .null
            #expect(values["events"] == 4)
            #expect(values["user_id.null_rate"] == 0.5)
            #expect(values["country.null_rate"] == 0.75)
            #expect(values["duration_ms.min"] == 10 && values["duration_ms.max"] == 30 && values["duration_ms.mean"] == 20)
            #expect(abs((values["duration_ms.stddev"]?.double ?? 0) - (200.0 / 3).squareRoot()) < 1e-9)
            #expect(try harness.send(.put, "/v1/analyses/profile-page_view", json: hourlyViews).status == .conflict)
            #expect(try harness.send(.delete, "/v1/analyses/profile-page_view").status == .conflict)
        }
    }
}
