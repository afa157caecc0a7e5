import Foundation

/// The events the pipeline test sends, generated deterministically (a fixed seed), and the
/// test's own computation of what the analysis must yield from them.
///
/// 100,000 distinct valid events over three days of event time (2026-03-02 to 2026-03-05),
/// five countries, 2,000 users, integer durations. Two thirds carry an `id`; the rest are
/// identified by their content (each has its own `time`, so none collide).
struct PipelineWorkload: Sendable {
    /// One valid event as sent.
    struct Event: Sendable {
        var id: String?
        /// Milliseconds since 2026-03-02T00:00:00Z.
        var millisecond: Int
        var country: String
        var userID: String
        var durationMilliseconds: Int

        var json: String {
            let idMember = id.map { #""id":"\#($0)","# } ?? ""
            return #"{\#(idMember)"time":"\#(PipelineWorkload.timestamp(millisecond))","data":{"country":"\#(country)","user_id":"\#(userID)","duration_ms":\#(durationMilliseconds)}}"#
        }

        /// The hourly window's start as the cache writes it (`2026-03-02T14:00:00Z`).
        var windowStart: String { PipelineWorkload.hourStart(millisecond / 3_600_000) }
    }

    /// An invalid event and the error path its dead letter must name.
    struct InvalidEvent: Sendable {
        var id: String
        var json: String
        var expectedPath: String
    }

    static let eventCount = 100_000
    static let spanMilliseconds = 3 * 24 * 3_600_000
    static let countries = ["DE", "FR", "US", "BR", "JP"]

    let events: [Event]

    init(seed: UInt64 = 0x5EED_5_1C3) {
        var random = SplitMix64(seed: seed)
        let step = Self.spanMilliseconds / Self.eventCount
        events = (0..<Self.eventCount).map { index in
            Event(
                id: index % 3 == 2 ? nil : "ev-\(index)",
                millisecond: index * step + Int(random.next() % UInt64(step)),
                country: Self.countries[Int(random.next() % UInt64(Self.countries.count))],
                userID: "u\(random.next() % 2_000)",
                durationMilliseconds: Int(random.next() % 5_000))
        }
    }

    /// The `k`-th invalid event of a batch, of one of three kinds (schema type, missing required
    /// member, unparseable time), each with an id of its own so its dead letter can be found.
    static func invalidEvent(worker: Int, batch: Int, k: Int) -> InvalidEvent {
        let id = "bad-\(worker)-\(batch)-\(k)"
        switch k % 3 {
        case 0:
            return InvalidEvent(
                id: id, json: #"{"id":"\#(id)","time":"2026-03-03T10:00:00Z","data":{"country":"DE","user_id":"u1","duration_ms":"slow"}}"#,
                expectedPath: "$.data.duration_ms")
        case 1:
            return InvalidEvent(
                id: id, json: #"{"id":"\#(id)","time":"2026-03-03T10:00:00Z","data":{"user_id":"u1","duration_ms":5}}"#,
                expectedPath: "$.data.country")
        default:
            return InvalidEvent(
                id: id, json: #"{"id":"\#(id)","time":"yesterday","data":{"country":"DE","user_id":"u1","duration_ms":5}}"#,
                expectedPath: "$.time")
        }
    }

    /// What one (window, country) annotation must hold.
    struct Expected: Equatable, Sendable, CustomStringConvertible {
        var views: Int64
        var users: Int64
        var p95: Int64
        var description: String { "views \(views), users \(users), p95 \(p95)" }
    }

    /// The analysis computed here, independently of the services: per hour and country, the
    /// event count, the distinct users and the nearest-rank p95 of the durations
    /// (docs/analyses.md: the value at 1-based position max(1, ceil(0.95 n)) of the sorted values).
    func expectedAnnotations() -> [String: Expected] {
        var cells: [String: (count: Int64, users: Set<String>, durations: [Int])] = [:]
        for event in events {
            let key = Self.key(windowStart: event.windowStart, country: event.country)
            cells[key, default: (0, [], [])].count += 1
            cells[key, default: (0, [], [])].users.insert(event.userID)
            cells[key, default: (0, [], [])].durations.append(event.durationMilliseconds)
        }
        return cells.mapValues { cell in
            let sorted = cell.durations.sorted()
            let rank = max(1, Int((0.95 * Double(sorted.count)).rounded(.up)))
            return Expected(views: cell.count, users: Int64(cell.users.count), p95: Int64(sorted[rank - 1]))
        }
    }

    static func key(windowStart: String, country: String) -> String { "\(windowStart) \(country)" }

    /// RFC 3339 with milliseconds for a moment inside 2026-03-02 ..< 2026-03-05.
    static func timestamp(_ millisecond: Int) -> String {
        let day = millisecond / 86_400_000
        let inDay = millisecond % 86_400_000
        let hour = inDay / 3_600_000
        let minute = inDay / 60_000 % 60
        let second = inDay / 1_000 % 60
        return "2026-03-0\(2 + day)T\(twoDigits(hour)):\(twoDigits(minute)):\(twoDigits(second)).\(threeDigits(inDay % 1_000))Z"
    }

    /// The start of hour `hour` (0-71) counted from 2026-03-02T00:00:00Z.
    static func hourStart(_ hour: Int) -> String { "2026-03-0\(2 + hour / 24)T\(twoDigits(hour % 24)):00:00Z" }

    private static func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
    private static func threeDigits(_ value: Int) -> String { value < 10 ? "00\(value)" : value < 100 ? "0\(value)" : "\(value)" }
}

/// A small, seeded pseudo-random generator (SplitMix64), so a failing run can be repeated.
struct SplitMix64 {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
