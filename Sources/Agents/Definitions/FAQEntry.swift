/// A question and its answer, with the other ways people ask it; the FAQ agent turns each entry into an intent.
public struct FAQEntry: Sendable, Equatable {
    public var id: String
    public var question: String
    public var answer: String
    public var paraphrases: [String]
    public var keywords: [String]

    public init(id: String, question: String, answer: String, paraphrases: [String] = [], keywords: [String] = []) {
        self.id = id
        self.question = question
        self.answer = answer
        self.paraphrases = paraphrases
        self.keywords = keywords
    }

    /// The intent name this entry is recognised under.
    public var intentName: String { "faq.\(id)" }
}
