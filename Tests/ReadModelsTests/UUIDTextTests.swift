import Foundation
import JSONValues
import SwitchboardTestSupport
import Testing

/// The direct UUID text is byte for byte Foundation's: ids are hashed into derived event ids and
/// stored in payloads and read-model rows, so a different spelling would change them.
@Suite struct UUIDTextTests {
    static let fixed = [
        UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)),
        UUID(uuid: (255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255)),
        UUID(uuidString: "3B0C2F4E-6A1D-4C55-9E0B-7D2A8F61C3A9")!,
        UUID(uuidString: "0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9")!,
    ]

    @Test func spellsEveryUUIDAsFoundationDoes() {
        var random = SplitMix64(seed: 0x5EED_0015)
        let generated = (0..<2_000).map { _ in
            withUnsafeBytes(of: (random.next(), random.next())) { bytes in
                UUID(uuid: bytes.load(as: uuid_t.self))
            }
        }
        for id in Self.fixed + generated {
            #expect(id.text(uppercase: true) == id.uuidString)
            #expect(id.text() == id.uuidString.lowercased())
            #expect(UUID(uuidString: id.text()) == id)
        }
        #expect(Self.fixed[2].text() == "3b0c2f4e-6a1d-4c55-9e0b-7d2a8f61c3a9")
        #expect(Self.fixed[1].text(uppercase: true) == "FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF")
    }
}
