import SluiceJSON
import SluicePostgres

/// Computes windows of an analysis from the event store with `WindowQuery`: one `GROUP BY`
/// query per run of contiguous windows.
public struct WindowComputer: Sendable {
    public let pool: PostgresPool

    public init(pool: PostgresPool) { self.pool = pool }

    /// The annotations of the windows starting at `windowStarts` (any order, any gaps), in
    /// `ReferenceAggregator.sorted` order. Throws `WindowComputerError.unknownTopic` when the
    /// event log has no such topic.
    public func compute(_ definition: AnalysisDefinition, windowStarts: [Timestamp]) throws -> [WindowAnnotation] {
        let starts = Array(Set(windowStarts)).sorted()
        guard !starts.isEmpty else { return [] }
        let size = definition.window.microseconds
        var runs: [[Timestamp]] = []
        for start in starts {
            if let last = runs.last?.last, last.microsecondsSinceEpoch + size == start.microsecondsSinceEpoch {
                runs[runs.count - 1].append(start)
            } else {
                runs.append([start])
            }
        }
        return try pool.withConnection { connection in
            guard let topicID = try Self.topicID(definition.topic, on: connection) else {
                throw WindowComputerError.unknownTopic(definition.topic)
            }
            var results: [WindowAnnotation] = []
            for run in runs {
                let range = run[0]..<Timestamp(microsecondsSinceEpoch: run[run.count - 1].microsecondsSinceEpoch + size)
                let rows = try connection.query(WindowQuery.query(definition, topicID: topicID, range: range))
                results += try WindowQuery.annotations(definition, rows: rows, windowStarts: run)
            }
            return ReferenceAggregator.sorted(results)
        }
    }

    /// The annotations of every window of `range` (widened to whole windows).
    public func compute(_ definition: AnalysisDefinition, range: Range<Timestamp>) throws -> [WindowAnnotation] {
        try compute(definition, windowStarts: definition.window.windowStarts(in: range))
    }

    static func topicID(_ topic: String, on connection: PostgresConnection) throws -> Int32? {
        try connection.query("SELECT topic_id FROM eventlog.topics WHERE name = \(topic)").first?
            .decode(column: 0, as: Int32.self)
    }
}

/// Why windows could not be computed.
public enum WindowComputerError: Error, Sendable, Hashable, CustomStringConvertible {
    case unknownTopic(String)

    public var description: String {
        switch self {
        case .unknownTopic(let topic): "the event log has no topic \(topic)"
        }
    }
}
