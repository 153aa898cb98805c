import Privacy

/// A location the sender shared. Every part is sealed, the coordinates too: a person's position
/// identifies them (home, workplace) as surely as their name does. Coordinates are sealed as
/// decimal text that converts back to the same `Double`.
public struct MessageLocation: Codable, Sendable, Equatable {
    /// Latitude in degrees (−90…90), sealed.
    public var latitude: SealedField
    /// Longitude in degrees (−180…180), sealed.
    public var longitude: SealedField
    /// The place's name, sealed.
    public var name: SealedField?
    /// The place's address, sealed.
    public var address: SealedField?

    public init(latitude: SealedField, longitude: SealedField, name: SealedField? = nil, address: SealedField? = nil) {
        self.latitude = latitude
        self.longitude = longitude
        self.name = name
        self.address = address
    }
}
