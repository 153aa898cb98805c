import Foundation

/// Prints an evaluation for people: accuracy per intent, the confusion counts, the misses, and a
/// last line of JSON (`{"accuracy": …, "n": …}`) for scripts.
public enum EvaluationReport {
    public static func format(_ result: EvaluationResult, agent: String) -> String {
        var lines: [String] = []
        lines.append("agent \(agent): \(result.correct)/\(result.n) correct, accuracy \(percent(result.accuracy)), \(result.belowThreshold) below threshold")
        lines.append("")
        lines.append("per intent (expected → predicted counts):")
        let width = max(10, (result.confusion.keys.map(\.count).max() ?? 0))
        for expected in result.confusion.keys.sorted() {
            let row = result.confusion[expected]!
            let total = row.values.reduce(0, +)
            let hits = row[expected] ?? 0
            let others = row.filter { $0.key != expected }.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map { "\($0.key) \($0.value)" }
            let padded = expected.padding(toLength: width, withPad: " ", startingAt: 0)
            lines.append("  \(padded) \(hits)/\(total) \(percent(total == 0 ? 0 : Double(hits) / Double(total)))" + (others.isEmpty ? "" : "  confused with: " + others.joined(separator: ", ")))
        }
        if !result.calibration.isEmpty {
            lines.append("")
            lines.append("calibration (confidence of the best match → share correct):")
            for bucket in result.calibration {
                let range = String(format: "%.1f–%.1f", bucket.lower, bucket.lower + 0.1)
                lines.append("  \(range) \(bucket.correct)/\(bucket.n) \(percent(Double(bucket.correct) / Double(bucket.n)))")
            }
        }
        if !result.misses.isEmpty {
            lines.append("")
            lines.append("misses:")
            for miss in result.misses {
                lines.append("  \"\(miss.text)\": expected \(miss.expected), got \(miss.predicted) (\(String(format: "%.2f", miss.confidence)), \(miss.layer.rawValue))")
            }
        }
        lines.append("")
        lines.append("{\"accuracy\": \(String(format: "%.4f", result.accuracy)), \"n\": \(result.n)}")
        return lines.joined(separator: "\n")
    }

    private static func percent(_ value: Double) -> String { String(format: "%.1f%%", value * 100) }
}
