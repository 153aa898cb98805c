import Foundation

/// The opaque cursor of a paginated read: a small Codable key (e.g. a position, or a time and an id)
/// as base64url JSON. Decoding anything else fails with ``ReadModelError`` `.invalidCursor`, so a bad
/// cursor from an API caller becomes a 400, never a crash or a silently wrong page.
public enum PageCursor {
    /// The cursor for `key`.
    public static func encode<Key: Encodable>(_ key: Key) -> String {
        let data = (try? JSONEncoder().encode(key)) ?? Data()
        return data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// The key inside `cursor`.
    /// - Throws: ``ReadModelError`` `.invalidCursor` for anything this API did not hand out.
    public static func decode<Key: Decodable>(_ cursor: String, as type: Key.Type, readModel: String) throws(ReadModelError) -> Key {
        var base64 = cursor.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard cursor.count <= 512, let data = Data(base64Encoded: base64), let key = try? JSONDecoder().decode(Key.self, from: data) else {
            throw ReadModelError(code: .invalidCursor, message: "the cursor is not one this API returned", readModel: readModel)
        }
        return key
    }
}
