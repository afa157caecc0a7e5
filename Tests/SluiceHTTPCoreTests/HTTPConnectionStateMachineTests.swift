import Testing
@testable import SluiceHTTPCore

@Suite struct HTTPConnectionStateMachineTests {
    let timeouts = HTTPConnectionTimeouts(header: 100, body: 200, idle: 1000)

    func feed(_ machine: inout HTTPConnectionStateMachine, _ text: String) {
        Array(text.utf8).withUnsafeBytes { machine.received($0) }
    }

    func handled(_ action: HTTPConnectionStateMachine.Action) -> String? {
        if case .handle(let parsed) = action { return parsed.request.target }
        return nil
    }

    @Test func pipelinedRequestsAreHandedOutOneAtATimeInOrder() {
        var machine = HTTPConnectionStateMachine(limits: HTTPLimits(), timeouts: timeouts, now: 0)
        feed(&machine, "GET /1 HTTP/1.1\r\nHost: a\r\n\r\nGET /2 HTTP/1.1\r\nHost: a\r\n\r\nGET /3 HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")
        #expect(handled(machine.nextAction(now: 1)) == "/1")
        guard case .none = machine.nextAction(now: 2) else { Issue.record("second dispatched early"); return }
        #expect(machine.nextDeadline == nil)
        let result1 = machine.responseQueued(now: 3)
        #expect(result1 == false)
        #expect(handled(machine.nextAction(now: 3)) == "/2")
        let result2 = machine.responseQueued(now: 4)
        #expect(result2 == false)
        #expect(handled(machine.nextAction(now: 4)) == "/3")
        #expect(machine.responseMustClose)
        let result3 = machine.responseQueued(now: 5)
        #expect(result3 == true)
        #expect(machine.isClosing)
    }

    @Test func headerDeadlineStartsAtFirstByteAndAnswers408() {
        var machine = HTTPConnectionStateMachine(limits: HTTPLimits(), timeouts: timeouts, now: 0)
        #expect(machine.nextDeadline == 1000)
        feed(&machine, "GET / HT")
        guard case .none = machine.nextAction(now: 50) else { Issue.record(); return }
        #expect(machine.nextDeadline == 150)
        feed(&machine, "TP/1.1\r\n")
        _ = machine.nextAction(now: 120)
        #expect(machine.nextDeadline == 150)
        guard case .none = machine.timerFired(now: 149) else { Issue.record("fired early"); return }
        guard case .reject(let status, _) = machine.timerFired(now: 150) else { Issue.record("no 408"); return }
        #expect(status == .requestTimeout)
    }

    @Test func bodyDeadlineAndIdleClose() {
        var machine = HTTPConnectionStateMachine(limits: HTTPLimits(), timeouts: timeouts, now: 0)
        feed(&machine, "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nab")
        _ = machine.nextAction(now: 10)
        #expect(machine.nextDeadline == 210)
        feed(&machine, "cde")
        #expect(handled(machine.nextAction(now: 20)) == "/")
        _ = machine.responseQueued(now: 30)
        #expect(machine.nextDeadline == 1030)
        guard case .close = machine.timerFired(now: 1030) else { Issue.record("idle not closed"); return }
    }

    @Test func expectContinueAndRejection() {
        var machine = HTTPConnectionStateMachine(limits: HTTPLimits(maxBodyBytes: 4), timeouts: timeouts, now: 0)
        feed(&machine, "POST / HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n")
        guard case .sendContinue = machine.nextAction(now: 1) else { Issue.record("no continue"); return }
        var rejecting = HTTPConnectionStateMachine(limits: HTTPLimits(maxBodyBytes: 4), timeouts: timeouts, now: 0)
        feed(&rejecting, "POST / HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n")
        guard case .reject(let status, _) = rejecting.nextAction(now: 1) else { Issue.record("no 413"); return }
        #expect(status == .contentTooLarge)
        #expect(rejecting.isClosing)
    }

    @Test func shutdownClosesIdleAndMarksInFlightForClose() {
        var idle = HTTPConnectionStateMachine(limits: HTTPLimits(), timeouts: timeouts, now: 0)
        guard case .close = idle.shutdownRequested() else { Issue.record("idle not closed"); return }
        var busy = HTTPConnectionStateMachine(limits: HTTPLimits(), timeouts: timeouts, now: 0)
        feed(&busy, "GET / HTTP/1.1\r\nHost: a\r\n\r\n")
        _ = busy.nextAction(now: 1)
        guard case .none = busy.shutdownRequested() else { Issue.record(); return }
        #expect(busy.responseMustClose)
        let result4 = busy.responseQueued(now: 2)
        #expect(result4)
    }

    @Test func peerCloseWhileHandlingStillAnswers() {
        var machine = HTTPConnectionStateMachine(limits: HTTPLimits(), timeouts: timeouts, now: 0)
        feed(&machine, "GET / HTTP/1.1\r\nHost: a\r\n\r\n")
        _ = machine.nextAction(now: 1)
        guard case .none = machine.peerClosedInput() else { Issue.record(); return }
        #expect(machine.responseMustClose)
        let result5 = machine.responseQueued(now: 2)
        #expect(result5)
    }

    @Test func peerCloseAfterPipelinedRequestsAnswersThemAll() {
        var machine = HTTPConnectionStateMachine(limits: HTTPLimits(), timeouts: timeouts, now: 0)
        feed(&machine, "GET /1 HTTP/1.1\r\nHost: a\r\n\r\nGET /2 HTTP/1.1\r\nHost: a\r\n\r\nGET /3")
        #expect(handled(machine.nextAction(now: 1)) == "/1")
        _ = machine.peerClosedInput()
        #expect(!machine.responseMustClose)
        let first = machine.responseQueued(now: 2)
        #expect(!first)
        #expect(handled(machine.nextAction(now: 2)) == "/2")
        let second = machine.responseQueued(now: 3)
        #expect(!second)
        guard case .close = machine.nextAction(now: 3) else { Issue.record("incomplete request not dropped"); return }
    }
}
