import Foundation
import Testing

@testable import Messaging

@Suite struct DerivedEventIDTests {
    /// Pinned: replies, attempts and receipts re-derive their event ids after a restart, so an id
    /// derived before a change in the namespace, the name encoding or the spelling of the cause's id
    /// (uppercase, as `uuidString`) would make work already recorded look new. The value is Python's
    /// `uuid.uuid5` of the same namespace and length-prefixed name.
    @Test func theSameCauseAndPartAlwaysGiveThePinnedID() throws {
        let cause = try #require(UUID(uuidString: "4027140A-7646-521B-924D-033900D3B6A4"))
        #expect(DerivedEventID.make(from: cause, part: "reply/0").uuidString == "4CF35A20-A1DA-576F-8AB0-F24E66A351CB")
        #expect(DerivedEventID.make(from: cause, part: "reply/1") != DerivedEventID.make(from: cause, part: "reply/0"))
    }
}
