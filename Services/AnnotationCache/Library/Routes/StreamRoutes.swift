import SluiceAuth
import SluiceHTTP
import SluiceHTTPCore

extension AnnotationCacheService {
    /// `GET /v1/stream`: Server-Sent Events of sluice.analysis.completed, .invalidated, .failed
    /// and sluice.alert.raised. Each event is `id: <cursor>`, `event: <type>`, `data: <CloudEvent>`;
    /// `Last-Event-ID` (or `?lastEventId=`) resumes after that cursor. Events of topics the
    /// key may not read are left out.
    func addStreamRoutes(to router: inout Router) {
        router.get("/v1/stream") { [self] request, _ in
            let principal = try authorizer.reader(request)
            let topicCount = Self.streamTopics.count
            let resumeText = request.headers["Last-Event-ID"] ?? request.query("lastEventId")
            let cursor: StreamCursor
            if let resumeText, !resumeText.isEmpty {
                guard let parsed = StreamCursor(resumeText, topicCount: topicCount) else {
                    throw HTTPError(.badRequest, detail: "Last-Event-ID is not an id this stream sent")
                }
                cursor = parsed
            } else {
                cursor = try broadcaster.head()
            }
            let stream = ResponseStream()
            stream.write(ServerSentEvent.preamble)
            broadcaster.subscribe(stream, after: cursor) { type in
                principal.map { $0.allows(.read(topic: type)) } ?? true
            }
            return .streaming(
                stream,
                head: HTTPResponse(headers: [
                    "Content-Type": "text/event-stream; charset=utf-8", "Cache-Control": "no-store",
                    "X-Accel-Buffering": "no",
                ]))
        }
    }
}
