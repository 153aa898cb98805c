/// A coding key for any JSON field name, used to list the fields of a payload that the wire
/// models do not decode (a sticker, a poll…), so such payloads are classified, not dropped.
struct TelegramFieldName: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }

    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }

    /// The names of all fields of the object `decoder` is positioned at.
    static func allNames(in decoder: any Decoder) throws -> [String] {
        try decoder.container(keyedBy: TelegramFieldName.self).allKeys.map(\.stringValue)
    }
}
