/// A location a customer shared: coordinates, and a place name and address when one was picked.
public struct WhatsAppLocation: Sendable, Hashable {
    public var latitude: Double
    public var longitude: Double
    public var name: String?
    public var address: String?

    public init(latitude: Double, longitude: Double, name: String?, address: String?) {
        self.latitude = latitude
        self.longitude = longitude
        self.name = name
        self.address = address
    }
}
