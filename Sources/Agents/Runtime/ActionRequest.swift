/// An action the agent asks the runtime to perform (book, cancel, hand off …), with the slots it
/// needs and an id derived from the inbound message so performing it is idempotent.
public struct ActionRequest: Codable, Sendable, Equatable {
    public var id: String
    public var name: String
    public var slots: [String: EntityValue]

    public init(id: String, name: String, slots: [String: EntityValue] = [:]) {
        self.id = id
        self.name = name
        self.slots = slots
    }

    /// A UUID-shaped id that depends only on the message id, the action name and its position in the turn.
    public static func id(messageID: String, action: String, index: Int = 0) -> String {
        let key = Array("\(messageID)\u{1F}\(action)\u{1F}\(index)".utf8)
        let high = fnv1a(key, seed: 0xcbf2_9ce4_8422_2325), low = fnv1a(key, seed: 0x8422_2325_cbf2_9ce4)
        let hex = String(format: "%016llx%016llx", high, low)
        let characters = Array(hex)
        let groups = [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { String(characters[$0]) }
        return groups.joined(separator: "-")
    }

    private static func fnv1a(_ bytes: [UInt8], seed: UInt64) -> UInt64 {
        var hash = seed
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return hash
    }
}
