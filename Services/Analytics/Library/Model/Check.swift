import SluiceEventLog
import SluiceJSON

/// A check declared on an analysis (or on a topic's data-quality profile): a value of each of
/// its annotations must stay within bounds, or within a relative band around its trailing
/// median for the same hour of the week. A failing check raises an alert; passing again
/// resolves it.
///
///     {"name": "enough_views", "value": "views", "min": 10, "severity": "warning"}
///     {"name": "volume", "value": "eventCount", "band": 0.5, "weeks": 4}
public struct Check: Sendable, Hashable {
    /// What the check compares.
    public enum Rule: Sendable, Hashable {
        /// `min <= value <= max` (either may be absent).
        case bounds(min: Double?, max: Double?)
        /// `|value - median| <= band * median`, the median over the same window 1...`weeks`
        /// weeks earlier (same group), counting only the weeks in which it had events.
        case band(relative: Double, weeks: Int)
    }

    public var name: String
    /// The aggregation name whose value is checked, or `eventCount`.
    public var value: String
    public var rule: Rule
    public var severity: AlertRaised.Severity

    public init(name: String, value: String, rule: Rule, severity: AlertRaised.Severity = .warning) {
        self.name = name
        self.value = value
        self.rule = rule
        self.severity = severity
    }

    /// The check as declared.
    public var json: JSONValue {
        var object: JSONObject = ["name": .string(name), "value": .string(value)]
        switch rule {
        case .bounds(let min, let max):
            if let min { object["min"] = WindowAnnotation.number(min) }
            if let max { object["max"] = WindowAnnotation.number(max) }
        case .band(let relative, let weeks):
            object["band"] = WindowAnnotation.number(relative)
            object["weeks"] = .number(JSONNumber(weeks))
        }
        object["severity"] = .string(severity.rawValue)
        return .object(object)
    }

    /// The most checks of one analysis.
    public static let maximumCount = 16

    /// Parses a `checks` member (absent or null: none) against the analysis's aggregations,
    /// appending faults (paths `$.checks[i]...`) to `issues`.
    static func parseList(
        _ value: JSONValue?, aggregations: [Aggregation], issues: inout [DefinitionIssue]
    ) -> [Check] {
        guard let value, !value.isNull else { return [] }
        guard let items = value.array, items.count <= maximumCount else {
            issues.append(
                DefinitionIssue(path: "$.checks", message: "expected an array of at most \(maximumCount) checks"))
            return []
        }
        var checks: [Check] = []
        for (index, item) in items.enumerated() {
            guard let check = parse(item, index: index, aggregations: aggregations, issues: &issues) else { continue }
            if checks.contains(where: { $0.name == check.name }) {
                issues.append(
                    DefinitionIssue(path: "$.checks[\(index)].name", message: "the name \(check.name) is used twice"))
            }
            checks.append(check)
        }
        return checks
    }

    /// Parses `checks[index]`, appending faults to `issues`.
    static func parse(_ item: JSONValue, index: Int, aggregations: [Aggregation], issues: inout [DefinitionIssue]) -> Check? {
        let path = "$.checks[\(index)]"
        guard let name = item["name"]?.string, AnalysisDefinition.isValidName(name) else {
            issues.append(DefinitionIssue(path: "\(path).name", message: "expected a name of 1-64 letters, digits, '_' or '-'"))
            return nil
        }
        guard let value = item["value"]?.string, value == "eventCount" || aggregations.contains(where: { $0.name == value })
        else {
            issues.append(DefinitionIssue(path: "\(path).value", message: "expected the name of an aggregation, or eventCount"))
            return nil
        }
        var severity = AlertRaised.Severity.warning
        if let text = item["severity"] {
            guard let parsed = text.string.flatMap(AlertRaised.Severity.init(rawValue:)) else {
                issues.append(DefinitionIssue(path: "\(path).severity", message: "expected info, warning or critical"))
                return nil
            }
            severity = parsed
        }
        if let band = item["band"] {
            guard let relative = band.double, relative > 0, relative <= 10 else {
                issues.append(DefinitionIssue(path: "\(path).band", message: "expected a fraction in (0, 10]"))
                return nil
            }
            let weeks = item["weeks"]?.int ?? 4
            guard (1...8).contains(weeks) else {
                issues.append(DefinitionIssue(path: "\(path).weeks", message: "expected 1 to 8 weeks"))
                return nil
            }
            return Check(name: name, value: value, rule: .band(relative: relative, weeks: weeks), severity: severity)
        }
        let min = item["min"]?.double, max = item["max"]?.double
        guard min != nil || max != nil else {
            issues.append(DefinitionIssue(path: path, message: "expected min and/or max, or band"))
            return nil
        }
        if let min, let max, min > max {
            issues.append(DefinitionIssue(path: "\(path).max", message: "must not be below min"))
            return nil
        }
        return Check(name: name, value: value, rule: .bounds(min: min, max: max), severity: severity)
    }

    /// The verdict on `observed` (nil: the annotation has no value), given the trailing values
    /// of the same window and group for a band check. Pure.
    public func evaluate(observed: Double?, trailing: [Double] = []) -> CheckVerdict {
        guard let observed else { return .unknown }
        switch rule {
        case .bounds(let min, let max):
            if let min, observed < min { return .failing(observed: observed, expected: min) }
            if let max, observed > max { return .failing(observed: observed, expected: max) }
            return .passing
        case .band(let relative, _):
            guard !trailing.isEmpty else { return .unknown }
            let sorted = trailing.sorted()
            let median = sorted.count % 2 == 1
                ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
            return abs(observed - median) <= relative * abs(median) ? .passing : .failing(observed: observed, expected: median)
        }
    }
}

/// The outcome of a check on one annotation.
public enum CheckVerdict: Sendable, Hashable {
    case passing
    case failing(observed: Double, expected: Double)
    /// No value, or no history for a band.
    case unknown
}
