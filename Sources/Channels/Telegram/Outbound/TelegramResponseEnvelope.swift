/// The wire envelope of every Bot API answer: `{"ok":true,"result":…}` or
/// `{"ok":false,"error_code":N,"description":"…","parameters":{…}}`.
struct TelegramResponseEnvelope<Result: Decodable>: Decodable {
    var ok: Bool
    var result: Result?
    var errorCode: Int?
    var description: String?
    var parameters: TelegramResponseParameters?

    enum CodingKeys: String, CodingKey {
        case ok, result
        case errorCode = "error_code"
        case description, parameters
    }
}
