import JSONValues

/// Bot API response envelopes: `{"ok":true,"result":…}` and
/// `{"ok":false,"error_code":N,"description":"…","parameters":{…}}`.
enum TelegramEnvelope {
    static func success(_ result: JSONValue, description: String? = nil) -> WireResponse {
        var members: [String: JSONValue] = ["ok": .bool(true), "result": result]
        if let description { members["description"] = .string(description) }
        return .json(.object(members))
    }

    static func failure(code: Int, description: String, parameters: [String: JSONValue]? = nil) -> WireResponse {
        var members: [String: JSONValue] = [
            "ok": .bool(false), "error_code": .integer(Int64(code)), "description": .string(description),
        ]
        if let parameters { members["parameters"] = .object(parameters) }
        return .json(.object(members), status: code)
    }

    static let unauthorized = failure(code: 401, description: "Unauthorized")
    static let notFound = failure(code: 404, description: "Not Found")
}
