import Synchronization

/// All metrics of one process, exposed at `/metrics` in the Prometheus text format
/// (version 0.0.4). Families are created once (asking again for the same name and kind
/// returns the same family) and series are created on first use of their label values.
public final class MetricsRegistry: Sendable {
    private let families = Mutex<[any MetricFamily]>([])

    public init() {}

    /// A monotonically increasing count.
    public func counter(_ name: String, help: String, labelNames: [String] = []) -> CounterFamily {
        register(name) { CounterFamily(name: name, help: help, labelNames: labelNames) }
    }

    /// A value that goes up and down.
    public func gauge(_ name: String, help: String, labelNames: [String] = []) -> GaugeFamily {
        register(name) { GaugeFamily(name: name, help: help, labelNames: labelNames) }
    }

    /// Observations counted into cumulative buckets (upper bounds, ascending; `+Inf` is implied).
    public func histogram(
        _ name: String, help: String, labelNames: [String] = [], buckets: [Double] = HistogramFamily.defaultBuckets
    ) -> HistogramFamily {
        register(name) { HistogramFamily(name: name, help: help, labelNames: labelNames, buckets: buckets) }
    }

    /// A gauge computed at scrape time (lag, pool sizes, cache bytes): `collect` returns one
    /// value per label-value list.
    public func computedGauge(
        _ name: String, help: String, labelNames: [String] = [],
        collect: @escaping @Sendable () -> [(labels: [String], value: Double)]
    ) {
        _ = register(name) { ComputedGaugeFamily(name: name, help: help, labelNames: labelNames, collect: collect) }
    }

    /// A counter read at scrape time from a source that counts by itself (a server's
    /// atomics): `collect` returns one total per label-value list.
    public func computedCounter(
        _ name: String, help: String, labelNames: [String] = [],
        collect: @escaping @Sendable () -> [(labels: [String], value: Double)]
    ) {
        _ = register(name) {
            ComputedGaugeFamily(name: name, help: help, labelNames: labelNames, type: "counter", collect: collect)
        }
    }

    /// The whole registry in the Prometheus text exposition format.
    public func exposition() -> String {
        let snapshot = families.withLock { $0 }
        var out = ""
        for family in snapshot { family.render(into: &out) }
        return out
    }

    private func register<Family: MetricFamily>(_ name: String, make: () -> Family) -> Family {
        precondition(MetricName.isValid(name), "invalid metric name \(name)")
        return families.withLock { list in
            if let existing = list.first(where: { $0.name == name }) {
                guard let same = existing as? Family else {
                    preconditionFailure("metric \(name) registered twice with different kinds")
                }
                return same
            }
            let family = make()
            list.append(family)
            return family
        }
    }
}

/// What every metric family can do: say its name and render itself.
protocol MetricFamily: AnyObject, Sendable {
    var name: String { get }
    func render(into out: inout String)
}

/// Metric and label name rules from the Prometheus data model.
enum MetricName {
    static func isValid(_ name: String) -> Bool {
        guard let first = name.utf8.first, !(48...57).contains(first) else { return false }
        return name.utf8.allSatisfy { byte in
            (65...90).contains(byte) || (97...122).contains(byte) || (48...57).contains(byte) || byte == 95 || byte == 58
        }
    }
}
