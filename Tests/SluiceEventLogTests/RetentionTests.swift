import Foundation
import SluiceEventLog
import SluiceJSON
import SluicePostgres
import Testing

@Suite("Retention against PostgreSQL")
struct RetentionTests {
    static let day: Int64 = 86_400_000_000

    @Test func maintenanceDropsExpiredDaysWhileAppendsContinue() throws {
        try LogFixture.with { fixture in
            let topic = try fixture.topic("short_lived", retentionDays: 2)
            let busy = try fixture.topic("busy")
            let now = Timestamp.now()
            // Days: today - 2 (kept on day 0, dropped later), today.
            let old = Timestamp(microsecondsSinceEpoch: now.microsecondsSinceEpoch - 2 * Self.day)
            _ = try fixture.log.append([record(1, time: old), record(2, time: now)], to: topic)
            #expect(try fixture.log.read(topic: topic, after: 0, limit: 10).map(\.n) == [1, 2])

            // Two days later the old day is past retention. A transaction that has appended to
            // another topic stays open, so DETACH PARTITION CONCURRENTLY must wait for it:
            // maintenance is then provably in progress while the appends below run.
            let holder = try fixture.topic("holder")
            let later = fixture.newLog(now: { Timestamp(microsecondsSinceEpoch: Timestamp.now().microsecondsSinceEpoch + 2 * Self.day) })
            let holding = try PostgresConnection.connect(url: fixture.url)
            defer { holding.close() }
            try holding.execute("BEGIN")
            _ = try fixture.log.append([record(0)], to: holder, on: holding)
            let maintenanceDone = Shared(false)
            let dropped = Shared<[PartitionName]>([])
            let maintenanceErrors = Shared<[String]>([])
            let maintenance = startThreads(1) { _ in
                do {
                    let result = try later.runMaintenance()
                    dropped.update { $0 = result }
                } catch {
                    maintenanceErrors.update { $0.append("\(error)") }
                }
                maintenanceDone.update { $0 = true }
            }
            // Wait until maintenance sits in DETACH PARTITION ... CONCURRENTLY.
            let detaching = try eventually {
                try fixture.pool.withConnection { connection in
                    try connection.query(
                        """
                        SELECT count(*) FROM pg_stat_activity
                        WHERE datname = current_database() AND state = 'active' AND query LIKE '%DETACH PARTITION%'
                        """
                    ).first { _ in true }!.decode(column: 0, as: Int64.self) > 0
                }
            }
            #expect(detaching)
            let clock = ContinuousClock()
            for n in 100..<110 {
                let started = clock.now
                _ = try fixture.log.append([record(n)], to: busy)
                #expect(started.duration(to: clock.now) < .seconds(2))
            }
            #expect(!maintenanceDone.value, "maintenance was still running while the appends went through")
            try holding.execute("COMMIT")
            maintenance()
            #expect(maintenanceErrors.value == [])
            #expect(try fixture.log.read(topic: busy, after: 0, limit: 100).count == 10)

            let oldPartition = PartitionName(topicID: 1, time: old)
            #expect(dropped.value.contains(oldPartition))
            #expect(try fixture.log.read(topic: topic, after: 0, limit: 10).map(\.n) == [2])
            let exists = try fixture.pool.withConnection {
                try $0.query("SELECT to_regclass(\(oldPartition.qualifiedName)) IS NOT NULL").first { _ in true }!
                    .decode(column: 0, as: Bool.self)
            }
            #expect(!exists)
            // The dropped records' ids are forgotten too.
            let ids = try fixture.pool.withConnection {
                try $0.query("SELECT id FROM eventlog.record_ids WHERE topic_id = 1 ORDER BY id").map {
                    try $0.decode(column: 0, as: String.self)
                }
            }
            #expect(ids == ["r2"])
        }
    }

    @Test func recordsOlderThanRetentionAreRefused() throws {
        try LogFixture.with { fixture in
            let topic = try fixture.topic("recent_only", retentionDays: 1)
            let tooOld = Timestamp(microsecondsSinceEpoch: Timestamp.now().microsecondsSinceEpoch - 3 * Self.day)
            #expect(throws: EventLogError.outsideRetention(topic: topic, time: tooOld.rfc3339)) {
                _ = try fixture.log.append([record(1, time: tooOld)], to: topic)
            }
            // A far-future day gets its partition on demand.
            let future = Timestamp(microsecondsSinceEpoch: Timestamp.now().microsecondsSinceEpoch + 40 * Self.day)
            #expect(try fixture.log.append([record(2, time: future)], to: topic).appendedCount == 1)
        }
    }

    @Test func theMaintenanceLoopRunsAtStartAndStops() throws {
        try LogFixture.with { fixture in
            let topic = try fixture.topic("looped", retentionDays: 1)
            let yesterday = Timestamp(microsecondsSinceEpoch: Timestamp.now().microsecondsSinceEpoch - Self.day)
            _ = try fixture.log.append([record(1, time: yesterday)], to: topic)
            let later = fixture.newLog(now: { Timestamp(microsecondsSinceEpoch: Timestamp.now().microsecondsSinceEpoch + 2 * Self.day) })
            let loop = MaintenanceLoop(log: later, interval: .seconds(3600))
            let emptied = try eventually { try fixture.log.read(topic: topic, after: 0, limit: 10).isEmpty }
            loop.stop()
            #expect(emptied)
        }
    }

    @Test func processesRacingToCreateTheSamePartitionBothSucceed() throws {
        try LogFixture.with { fixture in
            let topic = try fixture.topic("future")
            let future = Timestamp(microsecondsSinceEpoch: Timestamp.now().microsecondsSinceEpoch + 20 * Self.day)
            let logs = (0..<4).map { _ in fixture.newLog() }  // four "processes", empty caches
            let errors = Shared<[String]>([])
            let done = startThreads(4) { index in
                do {
                    _ = try logs[index].append([record(index, time: future)], to: topic)
                } catch {
                    errors.update { $0.append("\(error)") }
                }
            }
            done()
            #expect(errors.value == [])
            #expect(try fixture.log.read(topic: topic, after: 0, limit: 10).count == 4)
        }
    }
}
