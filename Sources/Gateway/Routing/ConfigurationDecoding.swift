import Foundation
import Messaging

/// Shared checks for the configuration decoders, each throwing ``RoutingConfigurationError`` with
/// the key path of the offending value.
enum ConfigurationDecoding {
    /// Throws `unknownKey` for the first key of the mapping at `decoder` that is not in `allowed`.
    static func rejectUnknownKeys(in decoder: any Decoder, allowed: [String]) throws {
        let container = try decoder.container(keyedBy: ConfigurationKey.self)
        for key in container.allKeys where !allowed.contains(key.stringValue) {
            throw RoutingConfigurationError(
                code: .unknownKey,
                keyPath: ConfigurationKey.keyPath(decoder.codingPath + [key]),
                message: "unknown key `\(key.stringValue)`; expected one of: \(allowed.joined(separator: ", "))"
            )
        }
    }

    static func error(
        _ code: RoutingConfigurationError.Code,
        at path: [any CodingKey],
        _ message: String
    ) -> RoutingConfigurationError {
        RoutingConfigurationError(code: code, keyPath: ConfigurationKey.keyPath(path), message: message)
    }

    /// A string that must not be empty (after trimming spaces).
    static func nonEmpty<K: CodingKey>(
        _ container: KeyedDecodingContainer<K>,
        _ key: K,
        code: RoutingConfigurationError.Code = .emptyValue,
        what: String
    ) throws -> String {
        let value = try container.decode(String.self, forKey: key)
        guard !value.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw error(code, at: container.codingPath + [key], "\(what) must not be empty")
        }
        return value
    }

    static func channel<K: CodingKey>(_ container: KeyedDecodingContainer<K>, _ key: K) throws -> ChannelKind {
        let name = try container.decode(String.self, forKey: key)
        guard let channel = ChannelKind(rawValue: name) else {
            throw error(
                .invalidValue,
                at: container.codingPath + [key],
                "a channel name is 1-32 characters of a-z, 0-9 and _, starting with a letter (e.g. telegram, whatsapp, webchat)"
            )
        }
        return channel
    }

    /// A lowercase keyword from `allowed`; anything else throws `code` listing the allowed values.
    static func keyword(
        in decoder: any Decoder,
        allowed: [String],
        code: RoutingConfigurationError.Code,
        what: String
    ) throws -> String {
        let value = try decoder.singleValueContainer().decode(String.self)
        guard allowed.contains(value) else {
            throw error(code, at: decoder.codingPath, "\(what) must be one of: \(allowed.joined(separator: ", "))")
        }
        return value
    }
}
