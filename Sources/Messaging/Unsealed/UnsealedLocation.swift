import Privacy

/// A shared location with its parts opened; every part is `.erased` once the sender is erased.
public struct UnsealedLocation: Sendable, Equatable {
    public var latitude: UnsealedValue
    public var longitude: UnsealedValue
    public var name: UnsealedValue?
    public var address: UnsealedValue?

    public init(latitude: UnsealedValue, longitude: UnsealedValue, name: UnsealedValue?, address: UnsealedValue?) {
        self.latitude = latitude
        self.longitude = longitude
        self.name = name
        self.address = address
    }

    /// The coordinates in degrees, or nil once the sender is erased.
    public var coordinates: (latitude: Double, longitude: Double)? {
        guard case .plaintext(let latitudeText) = latitude, case .plaintext(let longitudeText) = longitude,
            let latitude = Double(latitudeText), let longitude = Double(longitudeText)
        else { return nil }
        return (latitude, longitude)
    }
}
