import Testing
@testable import SluiceObservability

@Suite struct TraceContextTests {
    let valid = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"

    @Test func parsesAValidTraceparent() throws {
        let context = try #require(TraceContext.parse(traceparent: valid))
        #expect(context.traceID == "4bf92f3577b34da6a3ce929d0e0e4736")
        #expect(context.spanID == "00f067aa0ba902b7")
        #expect(context.flags == 1)
        #expect(context.traceparent == valid)
    }

    @Test(arguments: [
        "", "garbage",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0",  // short
        "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",  // upper case
        "00-00000000000000000000000000000000-00f067aa0ba902b7-01",  // zero trace id
        "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",  // zero span id
        "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",  // forbidden version
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra",  // extra on v00
        "00_4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        "00-4bf92f3577b34da6a3ce929d0e0e473g-00f067aa0ba902b7-01",
    ])
    func rejectsMalformedValues(_ value: String) {
        #expect(TraceContext.parse(traceparent: value) == nil)
    }

    @Test func acceptsFutureVersionsWithExtraFields() {
        let future = "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-whatever"
        #expect(TraceContext.parse(traceparent: future)?.traceID == "4bf92f3577b34da6a3ce929d0e0e4736")
    }

    @Test func continuingKeepsTheTraceButNotTheSpan() {
        let continued = TraceContext.continuing(traceparent: valid)
        #expect(continued.traceID == "4bf92f3577b34da6a3ce929d0e0e4736")
        #expect(continued.spanID != "00f067aa0ba902b7")
        #expect(TraceContext.parse(traceparent: continued.traceparent) == continued)
    }

    @Test func malformedInputStartsANewTrace() {
        let fresh = TraceContext.continuing(traceparent: "nonsense")
        let other = TraceContext.continuing(traceparent: nil)
        #expect(fresh.traceID.count == 32)
        #expect(fresh.traceID != other.traceID)
        #expect(TraceContext.parse(traceparent: fresh.traceparent) != nil)
    }
}
