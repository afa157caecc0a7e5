import SluiceHTTP
import SluiceHTTPCore
import SluiceJSON

/// The key management endpoints (admin scope), for any service to mount:
/// `POST /v1/keys` `{"name", "scopes"}` → 201 `{"id", "name", "key", "scopes"}` (the only time
/// the key is shown), `GET /v1/keys` → `{"keys": [...]}` without secrets,
/// `DELETE /v1/keys/{id}` → 204 (404 when no working key has that id).
public enum KeyRoutes {
    public static func add(to router: inout Router, authenticator: Authenticator) {
        let store = authenticator.store
        router.post("/v1/keys") { request, _ in
            try authenticator.authorize(request, for: .admin)
            let (name, scopes) = try parseCreateRequest(try request.jsonBody())
            let (info, secret) = try store.create(name: name, scopes: scopes)
            var body = info.json
            if case .object(var object) = body {
                object["key"] = .string(secret.text)
                body = .object(object)
            }
            return .json(body, status: .created, headers: ["Location": "/v1/keys/\(info.id)"])
        }
        router.get("/v1/keys") { request, _ in
            try authenticator.authorize(request, for: .admin)
            return .json(["keys": .array(try store.list().map(\.json))])
        }
        router.delete("/v1/keys/{id}") { request, context in
            try authenticator.authorize(request, for: .admin)
            guard try store.revoke(id: context.parameters["id"] ?? "") else {
                throw HTTPError(.notFound, detail: "no working API key has this id")
            }
            return HTTPResponse(status: .noContent)
        }
    }

    /// `{"name": non-empty string (at most 200 bytes), "scopes": [scope, ...] (at least one)}`.
    static func parseCreateRequest(_ body: JSONValue) throws -> (String, [Scope]) {
        var errors: [ProblemDetails.FieldError] = []
        guard case .object(let object) = body else {
            throw HTTPError(.badRequest, detail: "the body must be a JSON object", type: ProblemType.validation)
        }
        let name = object["name"]?.string ?? ""
        if name.isEmpty || name.utf8.count > 200 {
            errors.append(.init(path: "$.name", message: "expected a non-empty string of at most 200 bytes"))
        }
        var scopes: [Scope] = []
        if let array = object["scopes"]?.array, !array.isEmpty {
            for (index, item) in array.enumerated() {
                if let text = item.string, let scope = Scope(text) {
                    scopes.append(scope)
                } else {
                    errors.append(
                        .init(
                            path: "$.scopes[\(index)]",
                            message: "expected admin, produce:<topic>, produce:*, read:<topic> or read:*"))
                }
            }
        } else {
            errors.append(.init(path: "$.scopes", message: "expected a non-empty array of scope strings"))
        }
        guard errors.isEmpty else {
            throw HTTPError(
                .unprocessableContent, detail: "the key request is not valid", type: ProblemType.validation,
                errors: errors)
        }
        return (name, scopes)
    }
}
