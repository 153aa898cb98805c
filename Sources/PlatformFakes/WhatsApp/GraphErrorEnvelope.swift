import JSONValues

/// Graph API error bodies: `{"error":{"message","type","code","error_data","fbtrace_id"}}`.
enum GraphErrorEnvelope {
    static func response(
        status: Int,
        code: Int,
        message: String,
        type: String = "OAuthException",
        details: String? = nil
    ) -> WireResponse {
        var error: [String: JSONValue] = [
            "message": .string(message),
            "type": .string(type),
            "code": .integer(Int64(code)),
            "fbtrace_id": .string("AFakeTrace\(code)"),
        ]
        if let details {
            error["error_data"] = .object(["messaging_product": .string("whatsapp"), "details": .string(details)])
        }
        return .json(.object(["error": .object(error)]), status: status)
    }

    static let invalidToken = response(
        status: 401, code: 190, message: "Invalid OAuth access token - Cannot parse access token")

    static func invalidParameter(_ message: String) -> WireResponse {
        response(status: 400, code: 100, message: "(#100) \(message)", details: message)
    }
}
