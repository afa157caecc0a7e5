import Testing
@testable import SluiceHTTP

@Suite struct ClientConfigurationTests {
    @Test func singleAttemptBoundsEveryTimeoutAndNeverRetries() {
        let configuration = HTTPClientConfiguration.singleAttempt(within: .milliseconds(700))
        #expect(configuration.connectTimeout == .milliseconds(700))
        #expect(configuration.readTimeout == .milliseconds(700))
        #expect(configuration.deadline == .milliseconds(700))
        #expect(configuration.retryPolicy.maxAttempts == 1)
    }
}
