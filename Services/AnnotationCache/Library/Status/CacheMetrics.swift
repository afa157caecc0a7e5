import SluiceObservability

/// The cache's metrics: reads by where they were served from, and memory use.
///
/// - `cache_window_reads_total{source="memory"|"database"|"missing"}`
/// - `cache_memory_bytes`, `cache_memory_max_bytes`, `cache_memory_windows`, `cache_evictions_total`
/// - `cache_run_commands_total{outcome="sent"|"unreachable"}`, `cache_hit_ratio`, `cache_stream_clients`
public final class CacheMetrics: Sendable {
    let windowReads: CounterFamily
    let runCommands: CounterFamily

    public init(registry: MetricsRegistry, memory: AnnotationMemory, broadcaster: SystemEventBroadcaster) {
        registry.computedGauge("cache_stream_clients", help: "Clients connected to GET /v1/stream.") {
            [(labels: [], value: Double(broadcaster.subscriberCount))]
        }
        windowReads = registry.counter(
            "cache_window_reads_total", help: "Windows read, by where they were found.", labelNames: ["source"])
        runCommands = registry.counter(
            "cache_run_commands_total", help: "Run commands sent to Analytics, by outcome.", labelNames: ["outcome"])
        registry.computedGauge("cache_memory_bytes", help: "Bytes of annotations held in memory.") {
            [(labels: [], value: Double(memory.statistics.bytes))]
        }
        registry.computedGauge("cache_memory_max_bytes", help: "SLUICE_CACHE_MAX_BYTES.") {
            [(labels: [], value: Double(memory.statistics.capacity))]
        }
        registry.computedGauge("cache_memory_windows", help: "Windows held in memory.") {
            [(labels: [], value: Double(memory.statistics.windows))]
        }
        registry.computedCounter("cache_evictions_total", help: "Windows evicted from memory to respect the bound.") {
            [(labels: [], value: Double(memory.statistics.evictions))]
        }
        registry.computedGauge("cache_hit_ratio", help: "Windows found in memory / windows looked up, since start.") {
            let statistics = memory.statistics
            let total = statistics.hits + statistics.misses
            return [(labels: [], value: total == 0 ? 0 : Double(statistics.hits) / Double(total))]
        }
    }

    func recordRead(_ read: RangeRead) {
        if read.memoryHits > 0 { windowReads.labels(["memory"]).increment(by: UInt64(read.memoryHits)) }
        if read.databaseHits > 0 { windowReads.labels(["database"]).increment(by: UInt64(read.databaseHits)) }
        let missing = read.missing.reduce(0) { $0 + Int(($1.to - $1.from) / (read.analysis?.windowMicroseconds ?? max(1, $1.to - $1.from))) }
        if missing > 0 { windowReads.labels(["missing"]).increment(by: UInt64(missing)) }
    }

    func recordMemoizedRead(windows: Int) {
        windowReads.labels(["memory"]).increment(by: UInt64(windows))
    }

    func recordRunCommand(reached: Bool) {
        runCommands.labels([reached ? "sent" : "unreachable"]).increment()
    }
}
