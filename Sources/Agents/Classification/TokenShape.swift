/// Maps words that vary without changing meaning (numbers, clock times, ordinals, day and month
/// names) to shared class tokens, so "book me on the 12th" and "book me on the 3rd" look alike.
enum TokenShape {
    static let weekdays: Set<String> = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
    static let months: Set<String> = [
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
        "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    ]

    /// The class token for `word`, or nil when the word stands for itself.
    static func shape(of word: String) -> String? {
        let scalars = word.unicodeScalars
        guard let first = scalars.first else { return nil }
        let isDigit: (Unicode.Scalar) -> Bool = { $0.value >= 48 && $0.value <= 57 }
        if scalars.allSatisfy(isDigit) { return "#num" }
        if isDigit(first) {
            let letters = String(String.UnicodeScalarView(scalars.drop(while: isDigit)))
            switch letters {
            case "am", "pm", "h", "hr", "hrs", "oclock": return "#time"
            case "st", "nd", "rd", "th": return "#ord"
            case "min", "mins", "m": return "#duration"
            default: return "#code"
            }
        }
        if weekdays.contains(word) { return "#weekday" }
        if months.contains(word) && word != "may" && word != "march" { return "#month" }
        if scalars.contains(where: isDigit) { return "#code" }
        return nil
    }
}
