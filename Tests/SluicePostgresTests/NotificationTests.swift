import Foundation
import SluicePostgres
import SluiceTestSupport
import Testing

@Suite("LISTEN/NOTIFY")
struct NotificationTests {
    @Test func deliversAcrossConnectionsWithinABoundedWait() throws {
        try TestDatabase.with(label: "notify") { db throws in
            let listener = try db.connect()
            defer { listener.close() }
            try listener.listen("events_ready")
            #expect(try listener.waitForNotifications(timeout: .milliseconds(100)).isEmpty)

            let payload = "topic 'page_view'; offset=42 ünï"
            try db.pool.withConnection { try $0.notify("events_ready", payload: payload) }
            let received = try listener.waitForNotifications(timeout: .seconds(10))
            #expect(received.map(\.channel) == ["events_ready"])
            #expect(received.first?.payload == payload)

            // A notification sent inside a transaction arrives only after COMMIT.
            try db.pool.withTransaction { conn in
                try conn.notify("events_ready", payload: "in tx")
                #expect(try listener.waitForNotifications(timeout: .milliseconds(200)).isEmpty)
            }
            #expect(try listener.waitForNotifications(timeout: .seconds(10)).map(\.payload) == ["in tx"])

            try listener.unlisten("events_ready")
            try db.pool.withConnection { try $0.notify("events_ready", payload: "ignored") }
            #expect(try listener.waitForNotifications(timeout: .milliseconds(200)).isEmpty)
        }
    }
}
