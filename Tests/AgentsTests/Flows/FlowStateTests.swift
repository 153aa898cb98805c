import Agents
import Foundation
import Testing

struct FlowStateTests {
    @Test func foldsEventsIntoTheActiveFlow() {
        let when = EntityValue.dateTime(DateTimeValue(date: DemoAgents.now, hasDate: true, hasTime: true))
        let state = FlowState().applying([
            .started(intent: "book"), .slotRequested(slot: "service"), .slotRejected(slot: "service", reason: "?"),
            .slotFilled(slot: "service", value: .text("colour")), .slotFilled(slot: "when", value: when), .confirmationRequested,
        ])
        #expect(state.active == ActiveFlow(intent: "book", slots: ["service": .text("colour"), "when": when], stage: .confirming, attempts: 0))
        #expect(state.applying(.completed(action: "book_appointment")) == FlowState(active: nil, completed: 1))
        #expect(state.applying(.abandoned(reason: .userCancelled)) == FlowState(active: nil, completed: 0))
    }

    @Test func countsRejectedAnswersPerStage() {
        let state = FlowState().applying([.started(intent: "book"), .slotRequested(slot: "when"), .slotRejected(slot: "when", reason: "past")])
        #expect(state.active?.attempts == 1)
        #expect(state.applying(.slotRequested(slot: "when")).active?.attempts == 1)
        #expect(state.applying(.slotRequested(slot: "service")).active?.attempts == 0)
    }

    @Test func survivesACodableRoundTrip() throws {
        let state = FlowState().applying([.started(intent: "cancel"), .slotFilled(slot: "booking", value: .text("AB1234")), .slotRequested(slot: "when")])
        let decoded = try JSONDecoder().decode(FlowState.self, from: JSONEncoder().encode(state))
        #expect(decoded == state)
    }
}
