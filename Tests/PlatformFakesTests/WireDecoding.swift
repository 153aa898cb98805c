import Foundation
import Hummingbird
import JSONValues
import PlatformFakes

/// Turns test bodies and responses into the fakes' `JSONValue`.
enum WireDecoding {
    static func json(_ buffer: ByteBuffer) throws -> JSONValue {
        try JSONValue.decode(Data(buffer.readableBytesView))
    }

    static func buffer(_ text: String) -> ByteBuffer {
        ByteBuffer(string: text)
    }

    static func buffer(_ data: Data) -> ByteBuffer {
        ByteBuffer(bytes: data)
    }
}
