import SluiceEventLog
import SluiceJSON
import Testing

@Suite("Pure logic: append plans, claims, backoff, partitions")
struct PureLogicTests {
    @Test func appendPlanNumbersNewRecordsAndFlagsDuplicates() {
        let plan = AppendPlan(ids: ["a", "b", "a", "c", "x"], nextOffset: 10, existing: ["x": 3])
        #expect(plan.insertIndices == [0, 1, 3])
        #expect(plan.insertOffsets == [10, 11, 12])
        #expect(plan.nextOffset == 13)
        #expect(
            plan.outcomes == [
                .appended(offset: 10), .appended(offset: 11), .duplicate(existingOffset: 10), .appended(offset: 12),
                .duplicate(existingOffset: 3),
            ])
    }

    let t0 = Timestamp(secondsSinceEpoch: 1_000)
    let later = Timestamp(secondsSinceEpoch: 2_000)

    @Test func claimsAdvanceOnlyOverContiguousCompletedRanges() {
        let claims = [
            ClaimRow(firstOffset: 1, lastOffset: 5, member: "a", leaseExpiresAt: later, completed: true),
            ClaimRow(firstOffset: 6, lastOffset: 10, member: "b", leaseExpiresAt: later, completed: false),
            ClaimRow(firstOffset: 11, lastOffset: 15, member: "a", leaseExpiresAt: later, completed: true),
        ]
        let plan = ClaimPlanner.plan(committedOffset: 0, claims: claims, lastAvailableOffset: 30, maxRecords: 5, now: t0)
        #expect(plan.committedOffset == 5)
        #expect(plan.deletedClaims == [1])
        #expect(plan.decision == .create(firstOffset: 16, lastOffset: 20))
    }

    @Test func expiredClaimsAreTakenOverFirst() {
        let claims = [
            ClaimRow(firstOffset: 6, lastOffset: 10, member: "b", leaseExpiresAt: t0, completed: false),
            ClaimRow(firstOffset: 1, lastOffset: 5, member: "c", leaseExpiresAt: t0, completed: false),
        ]
        let plan = ClaimPlanner.plan(committedOffset: 0, claims: claims, lastAvailableOffset: 30, maxRecords: 5, now: later)
        #expect(plan.decision == .takeOver(firstOffset: 1, lastOffset: 5))
        let notYet = ClaimPlanner.plan(committedOffset: 0, claims: claims, lastAvailableOffset: 30, maxRecords: 5, now: t0.advanced(-1))
        #expect(notYet.decision == .create(firstOffset: 11, lastOffset: 15))
    }

    @Test func claimsNeverReachBeyondTheLastCommittedOffset() {
        #expect(
            ClaimPlanner.plan(committedOffset: 7, claims: [], lastAvailableOffset: 9, maxRecords: 100, now: t0).decision
                == .create(firstOffset: 8, lastOffset: 9))
        #expect(ClaimPlanner.plan(committedOffset: 9, claims: [], lastAvailableOffset: 9, maxRecords: 100, now: t0).decision == .idle)
    }

    @Test func completingTheLastGapAdvancesOverEverything() {
        let claims = [
            ClaimRow(firstOffset: 4, lastOffset: 6, member: "a", leaseExpiresAt: later, completed: true),
            ClaimRow(firstOffset: 7, lastOffset: 9, member: "b", leaseExpiresAt: later, completed: true),
        ]
        let advanced = ClaimPlanner.advance(committedOffset: 3, claims: claims)
        #expect(advanced.committedOffset == 9 && advanced.deleted == [4, 7])
    }

    @Test func backoffIsExponentialWithFullJitterAndCapped() {
        let backoff = Backoff(base: .milliseconds(100), maximum: .seconds(2))
        #expect(backoff.ceiling(forRetry: 1) == .milliseconds(100))
        #expect(backoff.ceiling(forRetry: 3) == .milliseconds(400))
        #expect(backoff.ceiling(forRetry: 10) == .seconds(2))
        #expect(backoff.ceiling(forRetry: 1_000) == .seconds(2))
        var generator = SystemRandomNumberGenerator()
        var delays: Set<Duration> = []
        for _ in 0..<200 {
            let delay = backoff.delay(forRetry: 3, using: &generator)
            #expect(delay >= .zero && delay <= .milliseconds(400))
            delays.insert(delay)
        }
        #expect(delays.count > 100)  // jittered, not a constant
    }

    @Test func partitionNamesComeFromIntegersAndRoundTrip() throws {
        let partition = PartitionName(topicID: 7, time: try Timestamp(rfc3339: "2026-03-02T23:59:59Z"))
        #expect(partition.tableName == "records_t7_d20260302")
        #expect(partition.lowerBoundLiteral == "'2026-03-02 00:00:00+00'")
        #expect(partition.upperBoundLiteral == "'2026-03-03 00:00:00+00'")
        #expect(PartitionName(tableName: "records_t7_d20260302") == partition)
        #expect(PartitionName(tableName: "records_t7_d20260230") == nil)
        #expect(PartitionName(tableName: "records_tx_d20260302") == nil)
        #expect(PartitionName(tableName: "records_t7_d2026030") == nil)
    }

    @Test func retentionKeepsWholeDays() {
        let planner = RetentionPlanner(daysAhead: 2)
        #expect(planner.daysToPrepare(today: 100, retentionDays: nil) == [99, 100, 101, 102])
        #expect(planner.daysToDrop(existing: [95, 96, 97, 98, 100], today: 100, retentionDays: 3) == [95, 96])
        #expect(planner.isRetained(day: 97, today: 100, retentionDays: 3))
        #expect(!planner.isRetained(day: 96, today: 100, retentionDays: 3))
        #expect(planner.daysToDrop(existing: [1, 2], today: 100, retentionDays: nil) == [])
    }

    @Test func topicNamesAreValidated() {
        #expect(TopicName("page_view") != nil)
        #expect(TopicName("sluice.analysis.completed") != nil)
        for bad in ["", "Page", "1abc", "a b", "a;drop", "é", String(repeating: "a", count: 101)] {
            #expect(TopicName(bad) == nil, "\(bad)")
        }
    }
}

extension Timestamp {
    func advanced(_ seconds: Int64) -> Timestamp {
        Timestamp(microsecondsSinceEpoch: microsecondsSinceEpoch + seconds * 1_000_000)
    }
}
