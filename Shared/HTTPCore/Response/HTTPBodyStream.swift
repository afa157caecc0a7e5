/// A response body produced after the handler returned (Server-Sent Events, long polls): the
/// server writes the head, then whatever the stream's owner writes, until either side closes.
/// The server module provides the implementation (`ResponseStream`); HTTPCore only carries it.
public protocol HTTPBodyStream: AnyObject, Sendable {}

extension HTTPResponse {
    /// A streamed response: `head`'s status and headers, then the stream's bytes. The body is
    /// delimited by the connection's close (no Content-Length), so the connection serves no
    /// further requests.
    public static func streaming(_ stream: any HTTPBodyStream, head: HTTPResponse = HTTPResponse()) -> HTTPResponse {
        var response = head
        response.body = []
        response.bodyStream = stream
        return response
    }
}
