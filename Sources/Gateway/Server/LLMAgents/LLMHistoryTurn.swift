import LLM

/// One earlier message of the conversation as context: who said it, what, and where it is in the
/// log (compaction records the position its summary reaches).
struct LLMHistoryTurn: Sendable, Equatable {
    var position: Int64
    var message: LLMMessage
}
