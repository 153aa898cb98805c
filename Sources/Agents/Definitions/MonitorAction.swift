/// What a monitoring agent does when a condition starts to hold.
public enum MonitorAction: Sendable, Equatable {
    /// Sends a message to an operator chat through a configured channel account.
    case message(OperatorMessageAction)
    /// POSTs the alert as JSON to a URL.
    case http(HTTPAlertAction)
}
