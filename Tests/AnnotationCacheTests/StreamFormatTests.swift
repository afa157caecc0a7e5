import Testing

@testable import AnnotationCache

@Suite struct StreamFormatTests {
    @Test func cursorsRoundTripAndRejectForeignIDs() {
        let cursor = StreamCursor(offsets: [12, 3, 0, 1])
        #expect(cursor.description == "12.3.0.1")
        #expect(StreamCursor("12.3.0.1", topicCount: 4) == cursor)
        #expect(StreamCursor("12.3.0", topicCount: 4) == nil)
        #expect(StreamCursor("12.3.x.1", topicCount: 4) == nil)
        #expect(StreamCursor("12.-3.0.1", topicCount: 4) == nil)
        #expect(StreamCursor("99999999999999999999.0.0.0", topicCount: 4) == nil)
    }

    @Test func eventsAreFramedAndTypesCannotBreakTheFrame() {
        let bytes = ServerSentEvent.encode(id: "1.0.0.0", event: "sluice.analysis.completed\nid: 9", data: Array(#"{"a":1}"#.utf8))
        #expect(String(decoding: bytes, as: UTF8.self) == "id: 1.0.0.0\nevent: sluice.analysis.completedid: 9\ndata: {\"a\":1}\n\n")
    }
}
