/// A circuit breaker for one channel account, advanced only by the times it is given.
///
/// Closed: everything passes; it opens after `consecutiveFailures` failures in a row, or when
/// the failure ratio over a sliding window reaches `failureRatio`. Open: nothing passes until
/// the cool-down ends. Half-open: one probe passes; its success closes the breaker and resets
/// the cool-down, its failure re-opens it with the cool-down multiplied (up to a maximum).
public struct CircuitBreaker: Sendable {
    /// When to open and how long to stay open.
    public struct Configuration: Hashable, Sendable {
        /// Consecutive failures that open a closed breaker.
        public var consecutiveFailures: Int
        /// Optional ratio rule: open when failures / outcomes in the window reach `threshold`,
        /// once at least `minimumOutcomes` outcomes were seen in it.
        public var failureRatio: FailureRatio?
        /// The first cool-down after opening.
        public var coolDown: Duration
        /// The longest cool-down after repeated failed probes.
        public var maximumCoolDown: Duration
        /// The factor applied to the cool-down each time a probe fails.
        public var coolDownMultiplier: Double
        /// How long a probe may stay unanswered before another one is let through.
        public var probeTimeout: Duration

        /// The ratio rule: over `window`, at least `minimumOutcomes` seen, failures/outcomes ≥ `threshold`.
        public struct FailureRatio: Hashable, Sendable {
            /// The failure share (0 < threshold ≤ 1) that opens the breaker.
            public var threshold: Double
            /// How far back outcomes count.
            public var window: Duration
            /// Fewer outcomes than this in the window never open the breaker.
            public var minimumOutcomes: Int

            /// Creates the rule; `threshold` must be in (0, 1], the others positive.
            public init(threshold: Double, window: Duration, minimumOutcomes: Int) throws(DeliveryConfigurationError) {
                guard threshold > 0, threshold <= 1 else {
                    throw DeliveryConfigurationError(
                        code: .outOfRange, setting: "circuitBreaker.failureRatio.threshold", value: "\(threshold)",
                        requirement: "must be in (0, 1]")
                }
                try DeliveryConfigurationError.requirePositive(window, "circuitBreaker.failureRatio.window")
                try DeliveryConfigurationError.requirePositive(
                    minimumOutcomes, "circuitBreaker.failureRatio.minimumOutcomes")
                self.threshold = threshold
                self.window = window
                self.minimumOutcomes = minimumOutcomes
            }
        }

        /// Creates a configuration; counts and durations must be positive, the multiplier ≥ 1
        /// and `maximumCoolDown >= coolDown`.
        public init(
            consecutiveFailures: Int = 5,
            failureRatio: FailureRatio? = nil,
            coolDown: Duration = .seconds(5),
            maximumCoolDown: Duration = .seconds(300),
            coolDownMultiplier: Double = 2,
            probeTimeout: Duration = .seconds(30)
        ) throws(DeliveryConfigurationError) {
            try DeliveryConfigurationError.requirePositive(consecutiveFailures, "circuitBreaker.consecutiveFailures")
            try DeliveryConfigurationError.requirePositive(coolDown, "circuitBreaker.coolDown")
            try DeliveryConfigurationError.requirePositive(probeTimeout, "circuitBreaker.probeTimeout")
            guard maximumCoolDown >= coolDown else {
                throw DeliveryConfigurationError(
                    code: .outOfRange, setting: "circuitBreaker.maximumCoolDown", value: "\(maximumCoolDown)",
                    requirement: "must be >= circuitBreaker.coolDown (\(coolDown))")
            }
            guard coolDownMultiplier >= 1, coolDownMultiplier.isFinite else {
                throw DeliveryConfigurationError(
                    code: .outOfRange, setting: "circuitBreaker.coolDownMultiplier", value: "\(coolDownMultiplier)",
                    requirement: "must be a finite number >= 1")
            }
            self.consecutiveFailures = consecutiveFailures
            self.failureRatio = failureRatio
            self.coolDown = coolDown
            self.maximumCoolDown = maximumCoolDown
            self.coolDownMultiplier = coolDownMultiplier
            self.probeTimeout = probeTimeout
        }
    }

    /// The breaker's state.
    public enum State: Hashable, Sendable {
        /// Sends pass.
        case closed
        /// Sends are held until `until`.
        case open(until: DeliveryInstant)
        /// One probe may pass; `probeSentAt` is set while it is outstanding.
        case halfOpen(probeSentAt: DeliveryInstant?)

        /// The state as a gauge value: closed 0, open 1, half-open 2.
        public var metricValue: Int {
            switch self {
            case .closed: 0
            case .open: 1
            case .halfOpen: 2
            }
        }
    }

    /// Whether a send may go now.
    public enum Permission: Hashable, Sendable {
        /// Send; the breaker is closed.
        case allow
        /// Send as the half-open probe; report its outcome.
        case probe
        /// Hold the send and ask again after this long.
        case reject(retryAfter: Duration)
    }

    /// The configuration in force.
    public let configuration: Configuration
    /// The state as of the last call (an expired open state turns half-open at the next `permit`).
    public private(set) var state: State = .closed
    /// The cool-down the next opening will use.
    public private(set) var currentCoolDown: Duration
    /// Failures in a row while closed.
    public private(set) var consecutiveFailureCount = 0
    private var window = OutcomeWindow()

    /// Creates a closed breaker.
    public init(configuration: Configuration) {
        self.configuration = configuration
        self.currentCoolDown = configuration.coolDown
    }

    /// The state at `instant` for metrics: an open breaker whose cool-down has ended reports half-open.
    public func state(at instant: DeliveryInstant) -> State {
        if case .open(let until) = state, instant >= until { return .halfOpen(probeSentAt: nil) }
        return state
    }

    /// Asks to send at `instant`; `.probe` reserves the single half-open slot.
    public mutating func permit(at instant: DeliveryInstant) -> Permission {
        switch state(at: instant) {
        case .closed:
            return .allow
        case .open(let until):
            return .reject(retryAfter: until - instant)
        case .halfOpen(let probeSentAt):
            if let probeSentAt, instant - probeSentAt < configuration.probeTimeout {
                return .reject(retryAfter: probeSentAt + configuration.probeTimeout - instant)
            }
            state = .halfOpen(probeSentAt: instant)
            return .probe
        }
    }

    /// Records a successful send at `instant`; a successful probe closes the breaker.
    public mutating func recordSuccess(at instant: DeliveryInstant) {
        switch state {
        case .closed:
            consecutiveFailureCount = 0
            window.record(failed: false, at: instant, configuration: configuration.failureRatio)
        case .halfOpen:
            close()
        case .open:
            break  // a late answer to a send made before opening; the cool-down stands
        }
    }

    /// Records a failed send at `instant`; may open (or re-open) the breaker.
    public mutating func recordFailure(at instant: DeliveryInstant) {
        switch state {
        case .closed:
            consecutiveFailureCount += 1
            window.record(failed: true, at: instant, configuration: configuration.failureRatio)
            if consecutiveFailureCount >= configuration.consecutiveFailures
                || window.exceedsRatio(configuration.failureRatio)
            {
                open(at: instant)
            }
        case .halfOpen:
            currentCoolDown = min(configuration.maximumCoolDown, currentCoolDown * configuration.coolDownMultiplier)
            open(at: instant)
        case .open:
            break
        }
    }

    private mutating func open(at instant: DeliveryInstant) {
        state = .open(until: instant + currentCoolDown)
        consecutiveFailureCount = 0
        window = OutcomeWindow()
    }

    private mutating func close() {
        state = .closed
        currentCoolDown = configuration.coolDown
        consecutiveFailureCount = 0
        window = OutcomeWindow()
    }
}
