/// A point on the map (`Location`), sent as a location, a live location or inside a venue.
public struct TelegramLocation: Codable, Sendable, Equatable {
    public var latitude: Double
    public var longitude: Double
    /// Radius of uncertainty in metres, 0–1500, when Telegram knows it.
    public var horizontalAccuracy: Double?

    public init(latitude: Double, longitude: Double, horizontalAccuracy: Double? = nil) {
        self.latitude = latitude
        self.longitude = longitude
        self.horizontalAccuracy = horizontalAccuracy
    }

    enum CodingKeys: String, CodingKey {
        case latitude, longitude
        case horizontalAccuracy = "horizontal_accuracy"
    }
}
