import AnnotationCache
import SluiceJSON
import SluicePostgres
import SluiceTestSupport
import Synchronization

/// Annotation documents and a migrated database for the cache's tests.
enum Fixtures {
    static let hour: Int64 = 3_600_000_000
    /// 2026-03-02T00:00:00Z
    static let day = try! Timestamp(rfc3339: "2026-03-02T00:00:00Z").microsecondsSinceEpoch

    static func time(hour index: Int) -> Timestamp { Timestamp(microsecondsSinceEpoch: day + Int64(index) * hour) }

    /// An hourly annotation of `analysis` for hour `index` of the day.
    static func document(
        _ analysis: String = "hourly_views", hour index: Int, version: Int = 1, country: String? = nil, views: Int = 10
    ) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("analysis", .string(analysis)), ("version", .number(JSONNumber(Int64(version)))),
            ("windowStart", .string(time(hour: index).rfc3339)), ("windowEnd", .string(time(hour: index + 1).rfc3339)),
        ]
        if let country { members.append(("group", .object(JSONObject(uniqueMembers: [("country", .string(country))])))) }
        members.append(("values", .object(JSONObject(uniqueMembers: [("views", .number(JSONNumber(Int64(views))))]))))
        return .object(JSONObject(uniqueMembers: members))
    }

    static func batch(_ documents: [JSONValue], analysis: String = "hourly_views") throws -> AnnotationBatch {
        try AnnotationBatch(json: .array(documents), analysis: analysis)
    }

    static func migrate(_ pool: PostgresPool) throws {
        try Migrator.migrate(pool: pool, schema: CacheSchema.name, migrations: CacheSchema.migrations)
    }

    static func range(hours: Range<Int>) -> WindowRange {
        WindowRange(from: time(hour: hours.lowerBound), to: time(hour: hours.upperBound))
    }

    static func views(_ window: CachedWindow) -> [Int64] {
        window.documents.compactMap { (try? JSONParser().parse($0.bytes))?["values"]?["views"]?.int64 }
    }
}

/// A clock tests move by hand.
final class TestClock: Sendable {
    private let current: Mutex<Int64>
    init(_ start: Int64) { current = Mutex(start) }
    func advance(seconds: Int64) { current.withLock { $0 += seconds * 1_000_000 } }
    var now: Timestamp { Timestamp(microsecondsSinceEpoch: current.withLock { $0 }) }
}
