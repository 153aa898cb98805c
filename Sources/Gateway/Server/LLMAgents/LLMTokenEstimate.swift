import LLM

/// A provider-independent token estimate (about four characters of English per token, plus a few
/// tokens of framing per message): what the context budget is measured in before a provider has
/// counted anything.
enum LLMTokenEstimate {
    static func tokens(_ text: String) -> Int {
        (text.utf8.count + 3) / 4
    }

    static func tokens(_ message: LLMMessage) -> Int {
        4 + tokens(message.content) + message.toolCalls.reduce(0) { $0 + tokens($1.name) + tokens($1.arguments) }
    }

    static func tokens(_ messages: [LLMMessage]) -> Int {
        messages.reduce(0) { $0 + tokens($1) }
    }
}
