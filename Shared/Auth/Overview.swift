// SluiceAuth: the API keys every Sluice service accepts.
//
// At start-up (retry until it succeeds, e.g. on the thread that waits for the database):
//
//     if let generated = try AuthSchema.prepare(pool: runtime.database,
//                                                adminKeyConfigured: runtime.configuration.adminKey != nil) {
//         runtime.logger.warning("generated the admin API key", [("admin_key", generated.text)])
//     }
//
// Then, per request, either in the handler (when it needs the caller's key id):
//
//     let auth = Authenticator(store: APIKeyStore(pool: runtime.database), adminKey: runtime.configuration.adminKey)
//     router.get("/v1/annotations/{analysis}") { request, context in
//         let caller = try auth.authorize(request, for: .read(topic: "page_view"))   // 401 / 403
//         ...
//     }
//
// or for a whole router with `AuthMiddleware` (nil = open route, e.g. health and metrics).
// `KeyRoutes.add(to:authenticator:)` mounts POST/GET /v1/keys and DELETE /v1/keys/{id}
// (Ingest mounts them; any service may).
//
// Keys are `sk_<16 hex id>_<64 hex secret>`; the `auth.keys` table keeps only the SHA-256 of
// the whole key, looked up by id and compared in constant time. There is no cache: a revoked
// key is refused by every service and replica at its next request. The configured
// `SLUICE_ADMIN_KEY` is compared (as a SHA-256 digest, in constant time) without the database.
