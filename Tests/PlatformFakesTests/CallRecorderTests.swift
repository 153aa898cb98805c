import Foundation
import PlatformFakes
import Testing

@Suite struct CallRecorderTests {
    func call(_ method: String) -> RecordedCall {
        RecordedCall(method: method, path: "/", parameters: [:], headers: [:], status: 200, receivedAt: Date())
    }

    @Test func waitResumesWhenEnoughCallsArrive() async throws {
        let recorder = CallRecorder()
        async let waited = recorder.waitForCalls(to: "sendMessage", count: 2)
        await recorder.record(call("sendMessage"))
        await recorder.record(call("getUpdates"))
        await recorder.record(call("sendMessage"))
        #expect(try await waited.count == 2)
    }

    @Test func waitTimesOutWithWhatArrived() async throws {
        let recorder = CallRecorder()
        await recorder.record(call("getUpdates"))
        await #expect(throws: CallRecorderTimeout.self) {
            try await recorder.waitForCalls(to: "sendMessage", count: 1, timeout: .milliseconds(50))
        }
    }

    @Test func faultScriptServesFaultsInOrderPerMethod() {
        var script = FaultScript<Int>()
        script.fail("a", times: 2, with: 429)
        script.fail("a", with: 500)
        #expect(script.next(for: "b") == nil)
        #expect([script.next(for: "a"), script.next(for: "a"), script.next(for: "a"), script.next(for: "a")] == [429, 429, 500, nil])
    }

    @Test func formDecodingHandlesPlusAndPercentEscapes() {
        #expect(FormURLEncoding.parameters("a=1&b=two+words&c=%26%3D&d") == [
            "a": .string("1"), "b": .string("two words"), "c": .string("&="), "d": .string(""),
        ])
    }
}
