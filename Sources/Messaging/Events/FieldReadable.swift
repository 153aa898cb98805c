import Foundation
import JSONValues
import Privacy

/// A payload (or a view of one) that can read itself straight from the payload's bytes
/// (``JSONFieldReader``), several times faster than `JSONDecoder`. It is only a fast path: a payload
/// it does not accept is decoded with `JSONDecoder` (`Decodable`), which also gives the error when
/// the payload is bad. Whatever it accepts, it reads as `JSONDecoder` would.
package protocol FieldReadable {
    static func read(from reader: inout JSONFieldReader) throws -> Self
}

extension FieldReadable {
    /// The value read from `payload`, or nil when the fast reader does not accept it.
    package static func fastRead(_ payload: Data) -> Self? {
        try? payload.withUnsafeBytes { bytes in try JSONFieldReader.read(bytes) { try read(from: &$0) } }
    }
}

/// A required member was missing, repeated or its value not acceptable (the fast reader then gives up).
package struct FieldMissing: Error {
    package init() {}
}

extension Optional {
    /// The value, or ``FieldMissing`` when there is none.
    package func orMissing() throws -> Wrapped {
        guard let self else { throw FieldMissing() }
        return self
    }
}

/// The members an object's reader has met, by their number in the reader: a repeated one makes the
/// fast reader give up (`JSONDecoder` decides what a repeated key means).
package struct MembersSeen {
    private var seen: UInt64 = 0

    package init() {}

    package mutating func first(_ member: Int) throws {
        let mask: UInt64 = 1 << member
        guard seen & mask == 0 else { throw FieldMissing() }
        seen |= mask
    }
}

extension SealedField {
    /// `{"sealed": base64, "subject": …, "v": n}`, checked like its `Decodable` form.
    package static func read(from reader: inout JSONFieldReader) throws -> SealedField {
        var sealed: Data?
        var subject: String?
        var version: Int?
        var members = MembersSeen()
        try reader.readObject { reader, key in
            switch key {
            case "sealed":
                try members.first(0)
                sealed = try Data(base64Encoded: reader.readString()).orMissing()
            case "subject":
                try members.first(1)
                subject = try reader.readString()
            case "v":
                try members.first(2)
                version = try reader.readInt()
            default: try reader.skipValue()
            }
        }
        guard let sealed, let subject, let version else { throw FieldMissing() }
        return try SealedField(subject: subject, combined: sealed, version: version)
    }

    /// A sealed field, or nil for `null`.
    package static func readOptional(from reader: inout JSONFieldReader) throws -> SealedField? {
        reader.readNull() ? nil : try read(from: &reader)
    }
}

extension ConversationID {
    package static func read(from reader: inout JSONFieldReader) throws -> ConversationID {
        try ConversationID(rawValue: reader.readString()).orMissing()
    }
}

extension ChannelKind {
    package static func read(from reader: inout JSONFieldReader) throws -> ChannelKind {
        try ChannelKind(rawValue: reader.readString()).orMissing()
    }
}
