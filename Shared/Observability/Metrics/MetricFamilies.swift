import Synchronization

/// Series of one family, keyed by their label values.
final class SeriesTable<Series: Sendable>: Sendable {
    let labelNames: [String]
    private let series = Mutex<[[String]: Series]>([:])
    private let make: @Sendable () -> Series

    init(labelNames: [String], make: @escaping @Sendable () -> Series) {
        for label in labelNames { precondition(MetricName.isValid(label) && !label.contains(":"), "bad label \(label)") }
        self.labelNames = labelNames
        self.make = make
    }

    func series(_ values: [String]) -> Series {
        precondition(values.count == labelNames.count, "expected labels \(labelNames), got \(values)")
        return series.withLock { table in
            if let found = table[values] { return found }
            let created = make()
            table[values] = created
            return created
        }
    }

    /// Series sorted by label values, for a stable exposition.
    func sorted() -> [(labels: [String], series: Series)] {
        series.withLock { table in table.map { (labels: $0.key, series: $0.value) } }
            .sorted { $0.labels.lexicographicallyPrecedes($1.labels) }
    }
}

/// A family of counters sharing a name and label names.
public final class CounterFamily: MetricFamily {
    public let name: String
    let help: String
    let table: SeriesTable<Counter>

    init(name: String, help: String, labelNames: [String]) {
        self.name = name
        self.help = help
        table = SeriesTable(labelNames: labelNames) { Counter() }
    }

    /// The counter for these label values (in the order of `labelNames`). Keep it to avoid a lookup.
    public func labels(_ values: String...) -> Counter { table.series(values) }
    public func labels(_ values: [String]) -> Counter { table.series(values) }

    func render(into out: inout String) {
        PrometheusText.header(name: name, help: help, type: "counter", into: &out)
        for (labels, counter) in table.sorted() {
            PrometheusText.sample(name: name, labelNames: table.labelNames, labels: labels, value: Double(counter.value), into: &out)
        }
    }
}

/// One counter series; lock-free increments.
public final class Counter: Sendable {
    private let storage = Atomic<UInt64>(0)
    public func increment(by amount: UInt64 = 1) { storage.add(amount, ordering: .relaxed) }
    public var value: UInt64 { storage.load(ordering: .relaxed) }
}

/// A family of gauges sharing a name and label names.
public final class GaugeFamily: MetricFamily {
    public let name: String
    let help: String
    let table: SeriesTable<Gauge>

    init(name: String, help: String, labelNames: [String]) {
        self.name = name
        self.help = help
        table = SeriesTable(labelNames: labelNames) { Gauge() }
    }

    public func labels(_ values: String...) -> Gauge { table.series(values) }
    public func labels(_ values: [String]) -> Gauge { table.series(values) }

    func render(into out: inout String) {
        PrometheusText.header(name: name, help: help, type: "gauge", into: &out)
        for (labels, gauge) in table.sorted() {
            PrometheusText.sample(name: name, labelNames: table.labelNames, labels: labels, value: gauge.value, into: &out)
        }
    }
}

/// One gauge series.
public final class Gauge: Sendable {
    private let storage = Mutex<Double>(0)
    public func set(_ value: Double) { storage.withLock { $0 = value } }
    public func add(_ delta: Double) { storage.withLock { $0 += delta } }
    public var value: Double { storage.withLock { $0 } }
}

/// A gauge (or counter) whose values are computed when scraped.
final class ComputedGaugeFamily: MetricFamily {
    let name: String
    let help: String
    let labelNames: [String]
    let type: String
    let collect: @Sendable () -> [(labels: [String], value: Double)]

    init(
        name: String, help: String, labelNames: [String], type: String = "gauge",
        collect: @escaping @Sendable () -> [(labels: [String], value: Double)]
    ) {
        self.name = name
        self.help = help
        self.labelNames = labelNames
        self.type = type
        self.collect = collect
    }

    func render(into out: inout String) {
        PrometheusText.header(name: name, help: help, type: type, into: &out)
        for sample in collect().sorted(by: { $0.labels.lexicographicallyPrecedes($1.labels) }) {
            PrometheusText.sample(name: name, labelNames: labelNames, labels: sample.labels, value: sample.value, into: &out)
        }
    }
}

/// A family of histograms sharing a name, label names and buckets.
public final class HistogramFamily: MetricFamily {
    /// Prometheus' default buckets, suited to request durations in seconds.
    public static let defaultBuckets: [Double] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

    public let name: String
    let help: String
    let buckets: [Double]
    let table: SeriesTable<Histogram>

    init(name: String, help: String, labelNames: [String], buckets: [Double]) {
        precondition(!labelNames.contains("le"), "'le' is reserved for histogram buckets")
        let sortedBuckets = buckets.filter { $0.isFinite }.sorted()
        self.name = name
        self.help = help
        self.buckets = sortedBuckets
        table = SeriesTable(labelNames: labelNames) { Histogram(buckets: sortedBuckets) }
    }

    public func labels(_ values: String...) -> Histogram { table.series(values) }
    public func labels(_ values: [String]) -> Histogram { table.series(values) }

    func render(into out: inout String) {
        PrometheusText.header(name: name, help: help, type: "histogram", into: &out)
        let bucketLabels = table.labelNames + ["le"]
        for (labels, histogram) in table.sorted() {
            let state = histogram.snapshot()
            var cumulative: UInt64 = 0
            for (index, bound) in buckets.enumerated() {
                cumulative += state.counts[index]
                PrometheusText.sample(
                    name: name + "_bucket", labelNames: bucketLabels, labels: labels + [PrometheusText.format(bound)],
                    value: Double(cumulative), into: &out)
            }
            PrometheusText.sample(
                name: name + "_bucket", labelNames: bucketLabels, labels: labels + ["+Inf"], value: Double(state.count),
                into: &out)
            PrometheusText.sample(name: name + "_sum", labelNames: table.labelNames, labels: labels, value: state.sum, into: &out)
            PrometheusText.sample(
                name: name + "_count", labelNames: table.labelNames, labels: labels, value: Double(state.count), into: &out)
        }
    }
}

/// One histogram series.
public final class Histogram: Sendable {
    struct State {
        var counts: [UInt64]
        var sum: Double = 0
        var count: UInt64 = 0
    }
    private let buckets: [Double]
    private let state: Mutex<State>

    init(buckets: [Double]) {
        self.buckets = buckets
        state = Mutex(State(counts: Array(repeating: 0, count: buckets.count)))
    }

    public func observe(_ value: Double) {
        let index = buckets.firstIndex { value <= $0 }
        state.withLock { state in
            if let index { state.counts[index] += 1 }
            state.sum += value
            state.count += 1
        }
    }

    func snapshot() -> State { state.withLock { $0 } }
}
