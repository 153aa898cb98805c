/// A per-method queue of scripted failures: "the next K calls of sendMessage answer 429".
/// Pure value type; the fakes consult it before doing the real work of a call.
public struct FaultScript<Fault: Sendable>: Sendable {
    private var queued: [String: [Fault]] = [:]

    /// Creates an empty script (every call succeeds).
    public init() {}

    /// Makes the next `times` calls of `method` answer `fault`, after faults already queued.
    public mutating func fail(_ method: String, times: Int = 1, with fault: Fault) {
        guard times > 0 else { return }
        queued[method, default: []].append(contentsOf: repeatElement(fault, count: times))
    }

    /// Takes the fault for the current call of `method`, if one is scripted.
    public mutating func next(for method: String) -> Fault? {
        guard var faults = queued[method], !faults.isEmpty else { return nil }
        let fault = faults.removeFirst()
        queued[method] = faults.isEmpty ? nil : faults
        return fault
    }

    /// Faults still queued for `method`.
    public func remaining(for method: String) -> Int {
        queued[method]?.count ?? 0
    }
}
