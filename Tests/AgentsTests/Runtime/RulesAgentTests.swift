import Agents
import Foundation
import Testing

struct RulesAgentTests {
    @Test func booksAnAppointmentSlotBySlot() throws {
        var chat = Conversation(DemoAgents.appointments, context: ["customer.first_name": "Ana"])
        let first = chat.say("I'd like to book an appointment")
        #expect(first.intent.best.intent == "book")
        #expect(first.replies == ["Which service would you like: a haircut, colour, beard trim or a consultation?"])
        #expect(chat.state.active?.stage == .collecting(slot: "service"))

        let second = chat.say("a haircut please")
        #expect(second.replies.last?.hasPrefix("When would you like to come in?") == true)

        let third = chat.say("tomorrow at 3pm")
        #expect(third.replies == ["Shall I book a haircut for tomorrow (Thursday 26 November) at 3pm? (yes/no)"])
        #expect(chat.state.active?.stage == .confirming)

        let done = chat.say("yep")
        #expect(done.replies == ["Done, Ana! Your haircut is booked for tomorrow (Thursday 26 November) at 3pm. See you then."])
        let action = try #require(done.actions.first)
        #expect(action.name == "book_appointment")
        #expect(action.slots["service"] == .text("haircut"))
        #expect(action.slots["when"] == .dateTime(DateTimeValue(date: Date(timeIntervalSince1970: 1_795_701_600), hasDate: true, hasTime: true)))
        #expect(action.id == ActionRequest.id(messageID: "msg-4", action: "book_appointment"))
        #expect(chat.state == FlowState(active: nil, completed: 1))
    }

    @Test func fillsSeveralSlotsFromTheFirstMessage() {
        var chat = Conversation(DemoAgents.appointments)
        let decision = chat.say("can I book a beard trim on friday 10am?")
        #expect(decision.replies == ["Shall I book a beard trim for Friday 27 November at 10am? (yes/no)"])
    }

    @Test func rejectsPastAndClosedTimesWithAReprompt() {
        var chat = Conversation(DemoAgents.appointments)
        chat.say("book a colour")
        let past = chat.say("2026-11-20 10:00")
        #expect(past.replies.first == "That's in the past. We're open Monday to Saturday, 9am to 7pm.")
        #expect(past.replies.last?.hasPrefix("When would you like to come in?") == true)
        #expect(past.flowEvents.contains(.slotRejected(slot: "when", reason: "That's in the past.")))
        let sunday = chat.say("sunday at 11")
        #expect(sunday.replies.first?.hasPrefix("We're closed that day.") == true)
        let night = chat.say("friday at 10pm")
        #expect(night.replies.first?.hasPrefix("We're open from 9am to 7pm.") == true)
        #expect(chat.state.active?.slots["when"] == nil)
    }

    @Test func asksForTheTimeWhenOnlyADayWasGiven() {
        var chat = Conversation(DemoAgents.appointments)
        chat.say("book a haircut")
        let day = chat.say("next friday")
        #expect(day.replies == ["What time on Friday 27 November would suit you?"])
        let time = chat.say("at 2pm")
        #expect(time.replies == ["Shall I book a haircut for Friday 27 November at 2pm? (yes/no)"])
    }

    @Test func cancelOrNeverMindAbandonsTheFlow() {
        for phrase in ["never mind", "cancel", "stop", "forget it"] {
            var chat = Conversation(DemoAgents.appointments)
            chat.say("I want to book")
            let decision = chat.say(phrase)
            #expect(decision.flowEvents == [.abandoned(reason: .userCancelled)], "\(phrase)")
            #expect(decision.actions.isEmpty)
            #expect(chat.state.active == nil)
        }
    }

    @Test func unclearAnswersArePromptedAgainThenTheFlowGivesUp() {
        var chat = Conversation(DemoAgents.appointments)
        chat.say("book a haircut")
        let first = chat.say("hmm")
        #expect(first.replies == ["Sorry, I didn't catch that. When would you like to come in? For example \"tomorrow at 3pm\" or \"friday 10am\"."])
        chat.say("xyz")
        let last = chat.say("blah")
        #expect(last.flowEvents.last == .abandoned(reason: .tooManyAttempts))
        #expect(chat.state.active == nil)
    }

    @Test func noAtConfirmationBooksNothing() {
        var chat = Conversation(DemoAgents.appointments)
        chat.say("book a haircut tomorrow at 3pm")
        let decision = chat.say("no thanks")
        #expect(decision.flowEvents == [.abandoned(reason: .declined)])
        #expect(decision.actions.isEmpty)
    }

    @Test func changingASlotAtConfirmationAsksAgain() {
        var chat = Conversation(DemoAgents.appointments)
        chat.say("book a haircut tomorrow at 3pm")
        let decision = chat.say("make it 4pm")
        #expect(decision.replies == ["Shall I book a haircut for tomorrow (Thursday 26 November) at 4pm? (yes/no)"])
    }

    @Test func answersAnInterruptionThenResumes() {
        var chat = Conversation(DemoAgents.appointments)
        chat.say("I'd like to book a haircut")
        let interruption = chat.say("thanks")
        #expect(interruption.replies.first == "You're welcome! Anything else I can do for you?")
        #expect(interruption.replies.last == "Now, back to where we were: When would you like to come in? For example \"tomorrow at 3pm\" or \"friday 10am\".")
        #expect(chat.state.active?.intent == "book")
        let resumed = chat.say("monday at 11am")
        #expect(resumed.replies.first?.hasPrefix("Shall I book a haircut for Monday 30 November at 11am") == true)
    }

    @Test func anotherFlowIntentReplacesTheCurrentOne() {
        var chat = Conversation(DemoAgents.appointments)
        chat.say("I'd like to book a haircut")
        let decision = chat.say("actually I need to reschedule my existing appointment")
        #expect(decision.flowEvents.first == .abandoned(reason: .replaced))
        #expect(chat.state.active?.intent == "reschedule")
    }

    @Test func switchingFlowsCarriesTheValuesOfTheMessage() {
        var chat = Conversation(DemoAgents.appointments)
        chat.say("I need to reschedule")
        let decision = chat.say("oh wait, I want to book a colour for monday at 11am instead")
        #expect(decision.flowEvents.first == .abandoned(reason: .replaced))
        #expect(decision.replies == ["Shall I book a colour for Monday 30 November at 11am? (yes/no)"])
    }

    @Test func handoffIntentHandsOff() {
        var chat = Conversation(DemoAgents.appointments)
        chat.say("book a haircut")
        let decision = chat.say("I want to talk to a real person")
        #expect(decision.handoff)
        #expect(decision.actions.map(\.name) == ["handoff"])
        #expect(decision.flowEvents == [.abandoned(reason: .handedOff)])
        #expect(decision.replies == ["Sure, I'm passing you to a member of our team, who will reply here shortly."])
    }

    @Test func lowConfidenceAsksToClarifyOrHandsOff() {
        var definition = DemoAgents.appointments.definition
        definition.confidence.threshold = 0.999
        var chat = Conversation(RulesAgent(definition: definition, recognizer: DemoAgents.appointments.recognizer))
        let decision = chat.say("I might want something on friday, or not")
        #expect(!decision.intent.isConfident)
        #expect(decision.intent.best.layer == .fallback)
        #expect(decision.replies == ["Sorry, I didn't quite get that. I can book, reschedule, cancel or list appointments. Which would you like?"])
        #expect(!decision.handoff && chat.state.active == nil)

        definition.confidence.below = .handoff
        var handedOff = Conversation(RulesAgent(definition: definition, recognizer: DemoAgents.appointments.recognizer))
        let passed = handedOff.say("I might want something on friday, or not")
        #expect(passed.handoff && passed.actions.map(\.name) == ["handoff"])
    }

    @Test func gibberishIsOutOfScope() {
        var chat = Conversation(DemoAgents.appointments)
        let decision = chat.say("blorp fizzle wump")
        #expect(decision.intent.best.intent == "out_of_scope")
        #expect(decision.actions.isEmpty && chat.state.active == nil)
    }

    @Test func cancelFlowCarriesTheBookingReference() throws {
        var chat = Conversation(DemoAgents.appointments)
        let ask = chat.say("please cancel AB1234")
        #expect(ask.replies == ["Cancel your appointment AB1234? (yes/no)"])
        let done = chat.say("yes")
        let action = try #require(done.actions.first)
        #expect(action.name == "cancel_appointment" && action.slots["booking"] == .text("AB1234"))
    }

    @Test func listRequestsTheListAction() {
        var chat = Conversation(DemoAgents.appointments)
        let decision = chat.say("what appointments do I have?")
        #expect(decision.actions.map(\.name) == ["list_appointments"])
        #expect(decision.replies == ["Let me look up your appointments."])
    }

    @Test func greetingIsPersonalised() {
        var chat = Conversation(DemoAgents.appointments, context: ["customer.first_name": "Léa"])
        #expect(chat.say("hi").replies.first?.hasPrefix("Hi Léa!") == true)
        var anonymous = Conversation(DemoAgents.appointments)
        #expect(anonymous.say("hi").replies.first?.hasPrefix("Hi! I can book") == true)
    }

    @Test func flowStateIsTheFoldOfTheTurnsEvents() throws {
        var chat = Conversation(DemoAgents.appointments)
        for text in ["hello", "book a colour", "what?", "thanks", "next friday", "at 10am"] { chat.say(text) }
        #expect(FlowState.fold(chat.records) == chat.state)
        #expect(DemoAgents.appointments.replay(chat.turns) == chat.state)
        let encoded = try JSONEncoder().encode(chat.records)
        #expect(FlowState.fold(try JSONDecoder().decode([FlowTurnRecord].self, from: encoded)) == chat.state)
        #expect(chat.state.active?.stage == .confirming)
    }

    @Test func decisionsAreDeterministic() {
        let turn = AgentTurn(messageID: "wa-123", text: "book a haircut tomorrow at 3pm", context: [:])
        var state = DemoAgents.appointments.respond(to: turn, state: FlowState(), now: DemoAgents.now).state
        let confirm = AgentTurn(messageID: "wa-124", text: "yes")
        let first = DemoAgents.appointments.respond(to: confirm, state: state, now: DemoAgents.now)
        let second = DemoAgents.appointments.respond(to: confirm, state: state, now: DemoAgents.now)
        #expect(first == second)
        #expect(first.actions.first?.id == ActionRequest.id(messageID: "wa-124", action: "book_appointment"))
        state = first.state
        #expect(state.completed == 1)
    }

    @Test func actionIDsDependOnlyOnMessageActionAndPosition() {
        let id = ActionRequest.id(messageID: "m-1", action: "book")
        #expect(id == ActionRequest.id(messageID: "m-1", action: "book"))
        #expect(id != ActionRequest.id(messageID: "m-2", action: "book"))
        #expect(id != ActionRequest.id(messageID: "m-1", action: "cancel"))
        #expect(id != ActionRequest.id(messageID: "m-1", action: "book", index: 1))
        #expect(id.count == 36 && id.split(separator: "-").map(\.count) == [8, 4, 4, 4, 12])
    }

    @Test func faqAgentAnswersParaphrases() {
        let cases = [
            ("what time do you shut on saturday?", "faq.opening_hours"),
            ("whats ur address", "faq.address"),
            ("how much for a haircut", "faq.prices"),
            ("can i leave my car somewhere close", "faq.parking"),
            ("do you accept mastercard", "faq.payment"),
            ("is there a charge for cancelling late", "faq.cancellation_policy"),
        ]
        for (text, intent) in cases {
            var chat = Conversation(DemoAgents.faq)
            let decision = chat.say(text)
            #expect(decision.intent.best.intent == intent, "\(text)")
            let answer = DemoAgents.faq.definition.faq.first { $0.intentName == intent }?.answer
            #expect(decision.replies.first == answer, "\(text)")
        }
    }
}
