import SluiceJSON
import SluicePostgres

/// Compiles an analysis into one PostgreSQL `GROUP BY` query over the event store
/// (`eventlog.records`) for a range of whole windows, and reads its rows back as annotations.
///
/// Field paths and filter operands are bound parameters (`payload #> $n::text[]`); nothing
/// from a definition is spliced into the SQL text. The semantics are those of
/// `ReferenceAggregator` (tests compare the two): numbers are read only from JSON numbers,
/// percentiles are `percentile_disc` (nearest rank), `count_distinct` compares JSON values.
public enum WindowQuery {
    /// The query computing `definition` for the windows of `range` (whole windows) on the
    /// topic with id `topicID`. Columns: window start (µs), one text column (JSON) per groupBy
    /// field, the event count, then one float8 per aggregation.
    public static func query(_ definition: AnalysisDefinition, topicID: Int32, range: Range<Timestamp>) -> PostgresQuery {
        var sql = PostgresQuery.StringInterpolation(literalCapacity: 512, interpolationCount: 16)
        let seconds = definition.window.seconds
        // Grouped by the timestamptz itself; the epoch microseconds are computed once per group,
        // not per row (extract() returns numeric, whose arithmetic is slow).
        let bin = "date_bin('\(seconds) seconds'::interval, time, timestamptz '1970-01-01 00:00:00+00')"
        sql.appendLiteral("SELECT (extract(epoch FROM \(bin)) * 1000000)::int8 AS w")
        for index in definition.groupBy.indices { sql.appendLiteral(", g\(index)::text") }
        sql.appendLiteral(", count(*)")
        for aggregation in definition.aggregations {
            sql.appendLiteral(", ")
            append(aggregation, to: &sql)
        }
        sql.appendLiteral(" FROM (SELECT time, payload")
        for (index, field) in definition.groupBy.enumerated() {
            sql.appendLiteral(", coalesce(payload #> ")
            sql.appendInterpolation(field.components)
            sql.appendLiteral("::text[], 'null'::jsonb) AS g\(index)")
        }
        sql.appendLiteral(" FROM eventlog.records WHERE topic_id = ")
        sql.appendInterpolation(topicID)
        sql.appendLiteral(" AND time >= ")
        sql.appendInterpolation(range.lowerBound.rfc3339)
        sql.appendLiteral("::timestamptz AND time < ")
        sql.appendInterpolation(range.upperBound.rfc3339)
        sql.appendLiteral("::timestamptz")
        for condition in definition.filter {
            sql.appendLiteral(" AND ")
            append(condition, to: &sql)
        }
        sql.appendLiteral(") e GROUP BY \(bin)")
        for index in definition.groupBy.indices { sql.appendLiteral(", g\(index)") }
        return PostgresQuery(stringInterpolation: sql)
    }

    /// The field's JSON value: `payload -> $key` for a top-level member, `payload #> $path`
    /// for a nested one, bound as parameters.
    private static func appendField(_ field: FieldPath, to sql: inout PostgresQuery.StringInterpolation) {
        if field.components.count == 1 {
            sql.appendLiteral("(payload -> ")
            sql.appendInterpolation(field.components[0])
            sql.appendLiteral("::text)")
        } else {
            sql.appendLiteral("(payload #> ")
            sql.appendInterpolation(field.components)
            sql.appendLiteral("::text[])")
        }
    }

    /// The field as float8 when it holds a JSON number, else NULL (jsonb's numeric converts
    /// to float8 directly, without a round trip through text).
    private static func appendNumber(_ field: FieldPath, to sql: inout PostgresQuery.StringInterpolation) {
        sql.appendLiteral("(CASE WHEN jsonb_typeof(")
        appendField(field, to: &sql)
        sql.appendLiteral(") = 'number' THEN ")
        appendField(field, to: &sql)
        sql.appendLiteral("::float8 END)")
    }

    private static func append(_ aggregation: Aggregation, to sql: inout PostgresQuery.StringInterpolation) {
        guard let field = aggregation.field else {
            sql.appendLiteral("count(*)::float8")
            return
        }
        switch aggregation.op {
        case .count, .countDistinct:
            sql.appendLiteral(aggregation.op == .count ? "count(NULLIF(" : "count(DISTINCT NULLIF(")
            appendField(field, to: &sql)
            sql.appendLiteral(", 'null'::jsonb))::float8")
        case .sum, .min, .max, .avg:
            sql.appendLiteral("\(aggregation.op.rawValue)(")
            appendNumber(field, to: &sql)
            sql.appendLiteral(")::float8")
        case .stddev:
            sql.appendLiteral("stddev_pop(")
            appendNumber(field, to: &sql)
            sql.appendLiteral(")::float8")
        case .nullRate:
            sql.appendLiteral("(count(*) - count(NULLIF(")
            appendField(field, to: &sql)
            sql.appendLiteral(", 'null'::jsonb)))::float8 / count(*)")
        case .p50, .p90, .p95, .p99:
            sql.appendLiteral("percentile_disc(\(aggregation.op.percentile ?? 0.5)) WITHIN GROUP (ORDER BY ")
            appendNumber(field, to: &sql)
            sql.appendLiteral(")")
        }
    }

    private static func append(_ condition: FilterCondition, to sql: inout PostgresQuery.StringInterpolation) {
        let jsonText = String(decoding: JSONSerializer.serialize(condition.value), as: UTF8.self)
        switch condition.op {
        case .equal, .notEqual:
            sql.appendLiteral("coalesce(")
            appendField(condition.field, to: &sql)
            sql.appendLiteral(", 'null'::jsonb) \(condition.op == .equal ? "=" : "<>") ")
            sql.appendInterpolation(PostgresJSONB(jsonText))
            sql.appendLiteral("::jsonb")
        case .in:
            sql.appendLiteral("coalesce(")
            appendField(condition.field, to: &sql)
            sql.appendLiteral(", 'null'::jsonb) IN (SELECT jsonb_array_elements(")
            sql.appendInterpolation(PostgresJSONB(jsonText))
            sql.appendLiteral("::jsonb))")
        case .exists:
            let wanted = condition.value.bool ?? true
            sql.appendLiteral("(coalesce(")
            appendField(condition.field, to: &sql)
            sql.appendLiteral(", 'null'::jsonb) \(wanted ? "<>" : "=") 'null'::jsonb)")
        case .less, .lessOrEqual, .greater, .greaterOrEqual:
            let op = condition.op.rawValue
            if let number = condition.value.double {
                sql.appendLiteral("(")
                appendNumber(condition.field, to: &sql)
                sql.appendLiteral(" \(op) ")
                sql.appendInterpolation(number)
                sql.appendLiteral("::float8)")
            } else {
                sql.appendLiteral("(jsonb_typeof(")
                appendField(condition.field, to: &sql)
                sql.appendLiteral(") = 'string' AND (payload #>> ")
                sql.appendInterpolation(condition.field.components)
                sql.appendLiteral("::text[]) COLLATE \"C\" \(op) ")
                sql.appendInterpolation(condition.value.string ?? "")
                sql.appendLiteral("::text COLLATE \"C\")")
            }
        }
    }

    /// The annotations of the query's rows; without groupBy, an empty annotation for each
    /// window of `windowStarts` that has no row.
    public static func annotations(
        _ definition: AnalysisDefinition, rows: PostgresRows, windowStarts: [Timestamp]
    ) throws -> [WindowAnnotation] {
        let size = definition.window
        var results: [WindowAnnotation] = []
        let groupCount = definition.groupBy.count
        for row in rows {
            let start = Timestamp(microsecondsSinceEpoch: try row.decode(column: 0, as: Int64.self))
            var group = JSONObject()
            for (index, field) in definition.groupBy.enumerated() {
                let text = try row.decode(column: 1 + index, as: String.self)
                group[field.description] = try JSONParser.parse(text)
            }
            let count = try row.decode(column: 1 + groupCount, as: Int64.self)
            var values = JSONObject()
            for (index, aggregation) in definition.aggregations.enumerated() {
                let value = try row.decode(column: 2 + groupCount + index, as: Double?.self)
                values[aggregation.name] = WindowAnnotation.number(value)
            }
            results.append(WindowAnnotation(
                windowStart: start,
                windowEnd: Timestamp(microsecondsSinceEpoch: start.microsecondsSinceEpoch + size.microseconds),
                group: group, values: values, eventCount: count))
        }
        if definition.groupBy.isEmpty {
            let present = Set(results.map(\.windowStart))
            for start in windowStarts where !present.contains(start) {
                results.append(.empty(windowStart: start, size: size, aggregations: definition.aggregations))
            }
        }
        return results
    }
}
