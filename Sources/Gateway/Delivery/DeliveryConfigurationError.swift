/// A delivery setting that cannot work (a zero capacity, a cap below the base delay, …).
///
/// Carries the setting's name and the rejected value so the person configuring the
/// gateway can fix it; nothing is constructed when this is thrown.
public struct DeliveryConfigurationError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of problem the setting has.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: Hashable, Sendable {
            case notPositive
            case outOfRange
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The value must be greater than zero.
        public static let notPositive = Code(.notPositive)
        /// The value lies outside the range the setting allows.
        public static let outOfRange = Code(.outOfRange)

        public var description: String {
            switch base {
            case .notPositive: "not positive"
            case .outOfRange: "out of range"
            }
        }
    }

    /// What kind of problem the setting has.
    public var code: Code
    /// The setting's name, e.g. `retry.maximumDelay`.
    public var setting: String
    /// The rejected value, rendered for people.
    public var value: String
    /// What the setting must satisfy.
    public var requirement: String

    /// Creates an error for `setting` whose `value` violates `requirement`.
    public init(code: Code, setting: String, value: String, requirement: String) {
        self.code = code
        self.setting = setting
        self.value = value
        self.requirement = requirement
    }

    public var description: String {
        "invalid delivery setting \(setting) = \(value) (\(code)): \(requirement)"
    }

    static func requirePositive(_ value: Double, _ setting: String) throws(DeliveryConfigurationError) {
        guard value > 0, value.isFinite else {
            throw DeliveryConfigurationError(
                code: .notPositive, setting: setting, value: "\(value)", requirement: "must be a finite number > 0")
        }
    }

    static func requirePositive(_ value: Duration, _ setting: String) throws(DeliveryConfigurationError) {
        guard value > .zero else {
            throw DeliveryConfigurationError(
                code: .notPositive, setting: setting, value: "\(value)", requirement: "must be > 0")
        }
    }

    static func requirePositive(_ value: Int, _ setting: String) throws(DeliveryConfigurationError) {
        guard value > 0 else {
            throw DeliveryConfigurationError(
                code: .notPositive, setting: setting, value: "\(value)", requirement: "must be > 0")
        }
    }
}
