import Foundation
import SluiceJSON

/// A "run analysis" command (or a rebuild): compute every window of `range` for an analysis.
public struct Run: Sendable, Hashable {
    /// Where a run is.
    public enum Status: String, Sendable, Hashable {
        case queued
        case inProgress = "in_progress"
        case done, failed
    }

    public var id: UUID
    public var analysis: String
    /// The analysis version when the run was requested (windows are computed with the version
    /// current when each batch is computed).
    public var version: Int
    /// Whole windows, half-open.
    public var range: Range<Timestamp>
    /// Why it runs: `command`, `new-version`, `invalidated`.
    public var reason: String
    public var status: Status
    public var windowsTotal: Int
    public var windowsDone: Int
    /// The errors met so far (a failed batch is retried; the run fails after too many).
    public var errors: [String]
    public var createdAt: Timestamp
    public var startedAt: Timestamp?
    public var finishedAt: Timestamp?

    /// `GET /v1/runs/{id}`'s body.
    public var json: JSONValue {
        var object: JSONObject = [
            "runId": .string(id.uuidString.lowercased()), "analysis": .string(analysis),
            "version": .number(JSONNumber(version)), "from": .string(range.lowerBound.rfc3339),
            "to": .string(range.upperBound.rfc3339), "reason": .string(reason), "status": .string(status.rawValue),
            "windowsDone": .number(JSONNumber(windowsDone)), "windowsTotal": .number(JSONNumber(windowsTotal)),
            "errors": .array(errors.map { .string($0) }), "createdAt": .string(createdAt.rfc3339),
        ]
        object["startedAt"] = startedAt.map { .string($0.rfc3339) } ?? .null
        object["finishedAt"] = finishedAt.map { .string($0.rfc3339) } ?? .null
        if let startedAt {
            let end = finishedAt ?? Timestamp.now()
            object["elapsedSeconds"] = .number(JSONNumber(
                Double(end.microsecondsSinceEpoch - startedAt.microsecondsSinceEpoch) / 1_000_000))
        }
        return .object(object)
    }
}
