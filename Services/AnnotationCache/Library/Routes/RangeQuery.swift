import SluiceHTTP
import SluiceHTTPCore
import SluiceJSON

/// The query of a range read or invalidation: `from` and `to` (RFC 3339, half-open) and any
/// number of `group=field:value` filters (all must match).
struct RangeQuery: Sendable {
    var range: WindowRange
    var groupFilters: [(field: String, value: String)]

    init(_ request: HTTPRequest) throws {
        let items = request.queryItems  // parsed once
        func time(_ name: String) throws -> Timestamp {
            guard let text = items.first(where: { $0.name == name })?.value else {
                throw HTTPError(
                    .badRequest, detail: "the query parameter '\(name)' is required (RFC 3339)", type: ProblemType.validation,
                    errors: [.init(path: "?\(name)", message: "required")])
            }
            do {
                return try Timestamp(rfc3339: text)
            } catch {
                throw HTTPError(
                    .badRequest, detail: "'\(name)' is not an RFC 3339 date-time", type: ProblemType.validation,
                    errors: [.init(path: "?\(name)", message: "expected an RFC 3339 date-time")])
            }
        }
        let from = try time("from")
        let to = try time("to")
        guard to > from else {
            throw HTTPError(
                .badRequest, detail: "'to' must be after 'from'", type: ProblemType.validation,
                errors: [.init(path: "?to", message: "must be after from")])
        }
        range = WindowRange(from: from, to: to)
        groupFilters = try items.filter { $0.name == "group" }.map { item in
            let parts = item.value.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty else {
                throw HTTPError(
                    .badRequest, detail: "group filters are written field:value", type: ProblemType.validation,
                    errors: [.init(path: "?group", message: "expected field:value")])
            }
            return (String(parts[0]), String(parts[1]))
        }
    }

    /// The key of a memoized answer to this query.
    func memoKey(analysis: String) -> String {
        var key = "\(analysis)|\(range.from)|\(range.to)"
        for filter in groupFilters { key += "|\(filter.field)=\(filter.value)" }
        return key
    }

    /// True when the document's group matches every filter (strings by value, numbers and
    /// booleans by their JSON text).
    func matches(_ group: JSONObject) -> Bool {
        groupFilters.allSatisfy { filter in
            guard let value = group[filter.field] else { return false }
            if let text = value.string { return text == filter.value }
            return String(decoding: JSONSerializer.serialize(value), as: UTF8.self) == filter.value
        }
    }
}
