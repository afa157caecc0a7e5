import Testing
@testable import SluiceHTTPCore

@Suite struct RouteTableTests {
    func table() -> RouteTable<String> {
        var table = RouteTable<String>()
        table.add(.get, RoutePattern("/v1/topics/{topic}"), "get-topic")
        table.add(.delete, RoutePattern("/v1/topics/{topic}"), "delete-topic")
        table.add(.get, RoutePattern("/v1/topics/special"), "special")
        table.add(.post, RoutePattern("/v1/topics/{topic}/events/{id}"), "post-event")
        table.add(.get, RoutePattern("/"), "root")
        return table
    }

    @Test func matchesLiteralsAndParameters() {
        guard case .matched(let value, let pattern, let parameters) = table().match(.post, path: "/v1/topics/a/events/7")
        else { Issue.record("no match"); return }
        #expect(value == "post-event")
        #expect(pattern.text == "/v1/topics/{topic}/events/{id}")
        #expect(parameters["topic"] == "a")
        #expect(parameters["id"] == "7")
        guard case .matched(let special, _, _) = table().match(.get, path: "/v1/topics/special") else {
            Issue.record("no match"); return
        }
        #expect(special == "special")
        guard case .matched(let root, _, _) = table().match(.get, path: "/") else { Issue.record("no root"); return }
        #expect(root == "root")
    }

    @Test func headFallsBackToGet() {
        guard case .matched(let value, _, _) = table().match(.head, path: "/v1/topics/x") else {
            Issue.record("no match"); return
        }
        #expect(value == "get-topic")
    }

    @Test func notFoundAndMethodNotAllowed() {
        guard case .notFound = table().match(.get, path: "/v1/topics/a/b") else { Issue.record("expected 404"); return }
        guard case .notFound = table().match(.get, path: "/v1/topics/") else { Issue.record("expected 404"); return }
        guard case .methodNotAllowed(let allowed) = table().match(.put, path: "/v1/topics/x") else {
            Issue.record("expected 405"); return
        }
        #expect(allowed == [.get, .head, .delete])
    }
}
