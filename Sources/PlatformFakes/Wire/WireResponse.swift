import Foundation
import Hummingbird
import JSONValues

/// An HTTP answer a fake puts on the wire: status, content type and raw body.
/// Kept separate from Hummingbird's `Response` so the fakes' decisions are plain values.
public struct WireResponse: Sendable, Hashable {
    /// HTTP status code.
    public var status: Int
    /// Value of the `Content-Type` header.
    public var contentType: String
    /// Raw body bytes.
    public var body: Data

    /// A JSON answer with the given status.
    public static func json(_ value: JSONValue, status: Int = 200) -> WireResponse {
        WireResponse(status: status, contentType: "application/json", body: value.encoded())
    }

    /// A non-JSON answer, e.g. the HTML page a proxy returns for 502.
    public static func text(_ text: String, status: Int, contentType: String) -> WireResponse {
        WireResponse(status: status, contentType: contentType, body: Data(text.utf8))
    }

    var hummingbirdResponse: Response {
        var headers = HTTPFields()
        headers[.contentType] = contentType
        return Response(
            status: HTTPResponse.Status(code: status),
            headers: headers,
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: body))
        )
    }
}
