import Agents
import Foundation
import Testing

@Test func appointmentsAgentLoads() {
    #expect(DemoAgents.appointments.definition.intents.count == 8)
}
