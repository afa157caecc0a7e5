import Foundation
import SluiceEventLog
import SluiceJSON
import SluiceTestSupport
import Testing

@testable import AnnotationCache

@Suite struct StreamTests {
    func publishCompleted(_ harness: CacheHarness, hour: Int) throws {
        let event = try AnalysisCompleted(
            analysis: "hourly_views", version: 1, from: Fixtures.time(hour: hour), to: Fixtures.time(hour: hour + 1), windows: 1
        ).cloudEvent(source: "test-analytics", time: Timestamp.now())
        _ = try harness.service.log.append(event.appendRecord(appendTime: Timestamp.now()), to: AnalysisCompleted.topic)
    }

    func publishFailed(_ harness: CacheHarness) throws {
        let event = try AnalysisFailed(
            analysis: "hourly_views", from: Fixtures.time(hour: 0), to: Fixtures.time(hour: 1), error: "boom"
        ).cloudEvent(source: "test-analytics", time: Timestamp.now())
        _ = try harness.service.log.append(event.appendRecord(appendTime: Timestamp.now()), to: AnalysisFailed.topic)
    }

    @Test func eventsArriveLiveAndLastEventIDResumesWithoutLoss() throws {
        try CacheHarness.with { harness in
            defer { harness.service.broadcaster.stop() }
            try publishCompleted(harness, hour: 0)  // before the client: not sent to a new client
            let client = SSEClient(port: harness.server.port, headers: ["Authorization": "Bearer \(CacheHarness.adminKey)"])
            #expect(client.status == 200)
            #expect(client.head.contains("Content-Type: text/event-stream"))
            try publishCompleted(harness, hour: 1)
            let first = try #require(client.next())
            #expect(first.type == "sluice.analysis.completed")
            #expect(first.id == "2.0.0.0")
            let data = try JSONParser.parse(first.data)
            #expect(try AnalysisCompleted(event: CloudEvent(json: data)).from == Fixtures.time(hour: 1))

            // Invalidation through the API shows up in the stream.
            try harness.put([Fixtures.document(hour: 5)])
            let deleted = try harness.send(
                .delete, "/v1/annotations/hourly_views?from=\(Fixtures.time(hour: 5).rfc3339)&to=\(Fixtures.time(hour: 6).rfc3339)")
            #expect(deleted.status == .ok)
            let invalidated = try #require(client.next())
            #expect(invalidated.type == "sluice.analysis.invalidated")
            #expect(invalidated.id == "2.1.0.0")

            // Events published while disconnected are delivered on reconnection, in order.
            let resumeFrom = invalidated.id
            _ = consume client
            try publishFailed(harness)
            try publishCompleted(harness, hour: 2)
            let resumed = SSEClient(
                port: harness.server.port,
                headers: ["Authorization": "Bearer \(CacheHarness.adminKey)", "Last-Event-ID": resumeFrom])
            let a = try #require(resumed.next())
            let b = try #require(resumed.next())
            #expect(Set([a.type, b.type]) == ["sluice.analysis.failed", "sluice.analysis.completed"])
            #expect(b.id == "3.1.1.0")

            #expect(SSEClient(port: harness.server.port, headers: ["Authorization": "Bearer \(CacheHarness.adminKey)", "Last-Event-ID": "x"]).status == 400)
        }
    }

    @Test func manyClientsWaitOnOneBroadcastingThread() throws {
        try CacheHarness.with(environment: ["SLUICE_DASHBOARD_OPEN": "1"]) { harness in
            defer { harness.service.broadcaster.stop() }
            let clients = (0..<50).map { _ in SSEClient(port: harness.server.port) }
            #expect(clients.allSatisfy { $0.status == 200 })
            #expect(harness.service.broadcaster.subscriberCount == 50)
            try publishCompleted(harness, hour: 3)
            let events = clients.map { $0.next() }
            #expect(events.allSatisfy { $0?.type == "sluice.analysis.completed" && $0?.id == "1.0.0.0" })
        }
    }

    @Test func theStreamNeedsAKeyAndShowsOnlyTopicsItMayRead() throws {
        try CacheHarness.with { harness in
            defer { harness.service.broadcaster.stop() }
            #expect(SSEClient(port: harness.server.port).status == 401)
            let key = try harness.service.authorizer.authenticator.store.create(
                name: "dashboard", scopes: [.read(.topic("sluice.analysis.completed"))]).secret.text
            // As the dashboard does: the key in the cookie.
            let client = SSEClient(port: harness.server.port, headers: ["Cookie": "sluice_key=\(key)"])
            #expect(client.status == 200)
            try publishFailed(harness)
            try publishCompleted(harness, hour: 0)
            let only = try #require(client.next())
            #expect(only.type == "sluice.analysis.completed")
            #expect(only.id == "1.0.1.0")
        }
    }
}
