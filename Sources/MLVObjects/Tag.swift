import MLVStorage

/// An annotated tag (docs/FORMAT.md §6.4): text like a commit, with headers
/// `object <hex>`, `type <kind>`, `tag <name>`, `tagger <signature>`, a blank line, the message.
public struct Tag: Sendable, Equatable {
    public var object: ObjectID
    public var objectKind: ObjectKind
    public var name: String
    public var tagger: Signature
    public var message: String

    public init(object: ObjectID, objectKind: ObjectKind, name: String, tagger: Signature, message: String) {
        self.object = object
        self.objectKind = objectKind
        self.name = name
        self.tagger = tagger
        self.message = message
    }

    public func encoded() -> [UInt8] {
        Array("object \(object)\ntype \(objectKind)\ntag \(name)\ntagger \(tagger.encoded)\n\n\(message)".utf8)
    }

    public init(decoding bytes: [UInt8]) throws(ObjectsError) {
        var headers = try HeaderReader(bytes, what: "tag")
        object = try headers.id("object")
        let kindName = try headers.value("type")
        guard let kind = ObjectKind.allCases.first(where: { $0.description == kindName }) else {
            throw ObjectsError(.malformed, "tag has unknown object type '\(kindName)'")
        }
        objectKind = kind
        name = String(try headers.value("tag"))
        tagger = try headers.signature("tagger")
        try headers.expectMessage()
        message = headers.message
    }

    public var id: ObjectID { SHA256Hasher.hash(kind: .tag, body: encoded()) }
}
