import Testing
@testable import SluiceObservability
import SluiceJSON

@Suite struct LoggerTests {
    @Test func filtersByLevelWithoutEvaluatingTheMessage() {
        let sink = InMemoryLogHandler()
        let logger = Logger(service: "ingest", level: .info, handler: sink)
        var evaluated = false
        logger.debug({ evaluated = true; return "hidden" }())
        logger.info("shown")
        #expect(!evaluated)
        #expect(sink.records.map(\.message) == ["shown"])
    }

    @Test func linesAreJSONWithServiceLevelTraceAndMetadata() {
        var logger = Logger(service: "ingest", handler: InMemoryLogHandler())
        logger[metadataKey: "request.id"] = "r1"
        let record = LogRecord(
            timestampMicros: 1_772_460_000_123_456, level: .warning, service: "ingest", message: "a \"quoted\"\nline",
            traceID: "4bf92f3577b34da6a3ce929d0e0e4736", metadata: logger.metadata)
        let line = String(decoding: LogLineEncoder.encode(record), as: UTF8.self)
        #expect(
            line
                == #"{"time":"2026-03-02T14:00:00.123456Z","level":"warning","service":"ingest","msg":"a \"quoted\"\nline","trace_id":"4bf92f3577b34da6a3ce929d0e0e4736","request.id":"r1"}"#
        )
    }

    @Test func controlCharactersAreEscaped() {
        var out: [UInt8] = []
        JSONSerializer.appendString("\u{01}\t", to: &out)
        #expect(String(decoding: out, as: UTF8.self) == #""\u0001\t""#)
    }
}
