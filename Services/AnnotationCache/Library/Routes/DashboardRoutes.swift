import SluiceHTTP
import SluiceHTTPCore

extension AnnotationCacheService {
    /// The dashboard: `/` (flight control), `/signin`, `/signout`, `POST /v1/session` and the
    /// assets. The pages are static and open; every figure they show comes from the API, which
    /// needs a key (or `SLUICE_DASHBOARD_OPEN=1`).
    func addDashboardRoutes(to router: inout Router) {
        let html = Self.pageHeaders(contentType: "text/html; charset=utf-8")
        router.get("/", execution: .eventLoop) { _, _ in
            HTTPResponse(status: .ok, headers: html, body: Array(DashboardPages.index.utf8))
        }
        router.get("/signin", execution: .eventLoop) { _, _ in
            HTTPResponse(status: .ok, headers: html, body: Array(DashboardPages.signIn.utf8))
        }
        router.get("/assets/dashboard.js", execution: .eventLoop) { _, _ in
            HTTPResponse(
                status: .ok, headers: Self.pageHeaders(contentType: "text/javascript; charset=utf-8"),
                body: Array(DashboardScript.source.utf8))
        }
        router.get("/assets/dashboard.css", execution: .eventLoop) { _, _ in
            HTTPResponse(
                status: .ok, headers: Self.pageHeaders(contentType: "text/css; charset=utf-8"), body: Array(DashboardPages.css.utf8))
        }
        router.post("/v1/session") { [self] request, _ in
            // The sign-in form: application/x-www-form-urlencoded `key=...`.
            let form = HTTPRequest(method: .get, target: "/?" + String(decoding: request.body, as: UTF8.self))
            let key = form.query("key") ?? ""
            let valid = key.utf8.count <= 200 && key.utf8.allSatisfy { byte in
                (48...57).contains(byte) || (65...90).contains(byte) || (97...122).contains(byte) || byte == 95 || byte == 45
            }
            var probe = HTTPRequest(method: .get, target: "/")
            probe.headers.add(name: "Authorization", value: "Bearer \(key)")
            guard valid, !key.isEmpty, (try? authorizer.authenticator.authenticate(probe)) != nil else {
                return HTTPResponse(status: .unauthorized, headers: html, body: Array(DashboardPages.signInFailed.utf8))
            }
            // Behind a TLS-terminating proxy the cookie is also Secure (never sent over plain HTTP).
            let secure = request.headers["X-Forwarded-Proto"]?.lowercased() == "https" ? "; Secure" : ""
            return HTTPResponse(
                status: HTTPStatus(code: 303, reasonPhrase: "See Other"),
                headers: [
                    "Location": "/", "Cache-Control": "no-store",
                    "Set-Cookie":
                        "\(CacheAuthorizer.cookieName)=\(key); HttpOnly; SameSite=Strict; Path=/; Max-Age=2592000\(secure)",
                ])
        }
        router.get("/signout", execution: .eventLoop) { _, _ in
            HTTPResponse(
                status: HTTPStatus(code: 303, reasonPhrase: "See Other"),
                headers: [
                    "Location": "/signin", "Cache-Control": "no-store",
                    "Set-Cookie": "\(CacheAuthorizer.cookieName)=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0",
                ])
        }
    }

    /// Headers of every dashboard page and asset: only our own scripts, styles and connections.
    static func pageHeaders(contentType: String) -> HTTPHeaders {
        [
            "Content-Type": contentType, "Cache-Control": "no-cache", "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "no-referrer",
            "Content-Security-Policy":
                "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        ]
    }
}
