import Foundation

/// Turns raw message text into comparable words: lower case, accents folded (é → e), punctuation
/// dropped, common chat shorthand expanded (`tmrw` → `tomorrow`, `appt` → `appointment`).
public enum TextFolding {
    /// Lower-cased, accent-free text with punctuation replaced by spaces, runs of spaces collapsed and
    /// letters repeated three times or more cut to two ("sooo" → "soo").
    public static func fold(_ text: String) -> String {
        let folded = text.folding(options: [.diacriticInsensitive, .caseInsensitive, .widthInsensitive], locale: nil)
        var output = String.UnicodeScalarView()
        var lastWasSpace = true
        var previous: (Unicode.Scalar, Unicode.Scalar)?
        for scalar in folded.unicodeScalars {
            if scalar == "'" || scalar == "’" || scalar == "`" { continue }  // don't → dont, i'd → id
            if CharacterSet.alphanumerics.contains(scalar) {
                if let previous, previous.0 == scalar, previous.1 == scalar, !CharacterSet.decimalDigits.contains(scalar) { continue }  // hellooo → helloo
                previous = (previous?.1 ?? " ", scalar)
                output.append(scalar)
                lastWasSpace = false
            } else if !lastWasSpace {
                previous = nil
                output.append(" ")
                lastWasSpace = true
            }
        }
        var result = String(output)
        if result.hasSuffix(" ") { result.removeLast() }
        return result
    }

    /// The folded words, with chat shorthand expanded.
    public static func words(_ text: String) -> [String] {
        fold(text).split(separator: " ").flatMap { word -> [String] in
            let word = String(word)
            if let expansion = shorthand[word] { return expansion.split(separator: " ").map(String.init) }
            return [word]
        }
    }

    /// Common chat shorthand and misspellings, mapped to the words they stand for.
    static let shorthand: [String: String] = [
        "u": "you", "ur": "your", "r": "are", "pls": "please", "plz": "please", "pliz": "please", "thx": "thanks", "thnx": "thanks",
        "thanx": "thanks", "ty": "thank you", "tq": "thank you", "tks": "thanks", "appt": "appointment", "appts": "appointments",
        "apt": "appointment", "apts": "appointments", "tmrw": "tomorrow", "tmr": "tomorrow", "tmw": "tomorrow", "tomoz": "tomorrow",
        "2moro": "tomorrow", "2morrow": "tomorrow", "tmrrw": "tomorrow", "tomorow": "tomorrow", "tommorow": "tomorrow",
        "tommorrow": "tomorrow", "2day": "today", "tdy": "today", "tonite": "tonight", "2nite": "tonight", "wanna": "want to",
        "gonna": "going to", "gotta": "got to", "lemme": "let me", "gimme": "give me", "cuz": "because", "bc": "because",
        "msg": "message", "ppl": "people", "rn": "right now", "asap": "as soon as possible", "hrs": "hours", "hr": "hour",
        "mins": "minutes", "min": "minute", "wknd": "weekend", "nxt": "next", "wk": "week", "mon": "monday", "tue": "tuesday",
        "tues": "tuesday", "wed": "wednesday", "thu": "thursday", "thur": "thursday", "thurs": "thursday", "fri": "friday",
        "sat": "saturday", "sun": "sunday", "im": "i am", "ive": "i have", "cant": "cannot", "dont": "do not",
        "doesnt": "does not", "wont": "will not", "whats": "what is", "hows": "how is", "thats": "that is", "ok": "okay", "k": "okay",
        "kk": "okay", "okey": "okay", "yep": "yes", "yup": "yes", "ya": "yes", "yeah": "yes", "yea": "yes", "nope": "no", "nah": "no",
        "hru": "how are you", "sry": "sorry", "info": "information", "abt": "about", "bout": "about",
    ]
}
