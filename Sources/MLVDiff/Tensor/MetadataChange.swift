/// A change to one key of a safetensors file's `__metadata__` map.
///
/// JSON: `{"key": "epoch", "old": "3", "new": "4"}`, with `old` `null` for an added key and
/// `new` `null` for a removed one.
public struct MetadataChange: Sendable, Equatable, Encodable {
    public var key: String
    /// The old value; nil when the key was added.
    public var old: String?
    /// The new value; nil when the key was removed.
    public var new: String?

    public init(key: String, old: String?, new: String?) {
        self.key = key
        self.old = old
        self.new = new
    }

    private enum CodingKeys: String, CodingKey { case key, old, new }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(key, forKey: .key)
        try container.encode(old, forKey: .old)
        try container.encode(new, forKey: .new)
    }
}
