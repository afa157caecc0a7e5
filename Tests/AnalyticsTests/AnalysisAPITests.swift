import Analytics
import SluiceHTTPCore
import SluiceJSON
import Testing

@Suite struct AnalysisAPITests {
    @Test func declareShowListChangeRetire() throws {
        try AnalyticsHarness.with(label: "api") { harness in
            let created = try harness.send(.put, "/v1/analyses/hourly_views", json: hourlyViews)
            #expect(created.status == .created, "\(created.text)")
            #expect(created.json["version"] == 1)
            #expect(created.json["name"] == "hourly_views")
            #expect(created.json["window"] == "1h")

            let again = try harness.send(.put, "/v1/analyses/hourly_views", json: hourlyViews)
            #expect(again.status == .ok)
            #expect(again.json["version"] == 1)

            var changed = hourlyViews.object!
            changed["window"] = "15m"
            let second = try harness.send(.put, "/v1/analyses/hourly_views", json: .object(changed))
            #expect(second.status == .ok)
            #expect(second.json["version"] == 2)

            let shown = try harness.send(.get, "/v1/analyses/hourly_views")
            #expect(shown.json["version"] == 2 && shown.json["window"] == "15m")
            let list = try harness.send(.get, "/v1/analyses")
            #expect(list.json["analyses"]?.array?.count == 1)

            #expect(try harness.send(.get, "/v1/analyses").status == .ok)
            #expect(try harness.send(.get, "/v1/analyses", key: nil).status == .unauthorized)
            #expect(try harness.send(.put, "/v1/analyses/x", json: hourlyViews, key: nil).status == .unauthorized)

            #expect(try harness.send(.delete, "/v1/analyses/hourly_views").status == .noContent)
            #expect(try harness.send(.get, "/v1/analyses/hourly_views").status == .notFound)
            #expect(try harness.send(.delete, "/v1/analyses/hourly_views").status == .notFound)
            let back = try harness.send(.put, "/v1/analyses/hourly_views", json: hourlyViews)
            #expect(back.status == .created)
            #expect(back.json["version"] == 3)
        }
    }

    @Test func invalidDeclarationsAre422WithReasons() throws {
        try AnalyticsHarness.with(label: "api422") { harness in
            var unknownField = hourlyViews.object!
            unknownField["groupBy"] = ["region"]
            let first = try harness.send(.put, "/v1/analyses/a", json: .object(unknownField))
            #expect(first.status == .unprocessableContent)
            #expect(first.json["errors"]?[0]?["path"] == "$.groupBy[0]")
            #expect(first.json["errors"]?[0]?["message"]?.string?.contains("region") == true)

            var numeric = hourlyViews.object!
            numeric["aggregations"] = [["name": "s", "op": "sum", "field": "country"]]
            let second = try harness.send(.put, "/v1/analyses/a", json: .object(numeric))
            #expect(second.status == .unprocessableContent)
            #expect(second.json["errors"]?[0]?["path"] == "$.aggregations[0].field")

            var topic = hourlyViews.object!
            topic["topic"] = "nope"
            let third = try harness.send(.put, "/v1/analyses/a", json: .object(topic))
            #expect(third.status == .unprocessableContent)
            #expect(third.json["errors"]?[0]?["path"] == "$.topic")

            var window = hourlyViews.object!
            window["window"] = "2h"
            #expect(try harness.send(.put, "/v1/analyses/a", json: .object(window)).status == .unprocessableContent)
            #expect(try harness.send(.put, "/v1/analyses/bad%20name", json: hourlyViews).status == .badRequest)
            #expect(try harness.send(.get, "/v1/analyses").json["analyses"]?.array?.isEmpty == true)
        }
    }
}
