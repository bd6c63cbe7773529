import MLVObjects
import MLVStorage
import Testing

@Suite struct TagTests {
    static let tagger = Signature(name: "T", email: "t@example.com", time: 1_700_000_000, timeZoneMinutes: 120)

    @Test("round-trips for every object kind")
    func roundTrip() throws {
        for kind in ObjectKind.allCases {
            let tag = Tag(
                object: repeatedID(7), objectKind: kind, name: "v1.0", tagger: Self.tagger, message: "release\n")
            let decoded = try Tag(decoding: tag.encoded())
            #expect(decoded == tag)
            #expect(decoded.id == tag.id)
        }
    }

    @Test("encodes the documented header order")
    func encoding() {
        let tag = Tag(object: repeatedID(7), objectKind: .commit, name: "v1", tagger: Self.tagger, message: "m")
        let expected = "object \(repeatedID(7))\ntype commit\ntag v1\ntagger T <t@example.com> 1700000000 +0200\n\nm"
        #expect(String(decoding: tag.encoded(), as: UTF8.self) == expected)
    }

    @Test(
        "rejects malformed tags",
        arguments: [
            "object \(String(repeating: "07", count: 32))\ntype blob\ntag v\ntagger T <t@x> 1 +0000\n\nm",
            "object \(String(repeating: "07", count: 32))\ntype commit\ntag v\ntagger T t@x 1 +0000\n\nm",
            "object \(String(repeating: "07", count: 32))\ntype commit\ntag v\ntagger T <t@x> 1 +0000\nx y\n\nm",
            "object \(String(repeating: "07", count: 32))\ntype commit\ntagger T <t@x> 1 +0000\n\nm",
            "object 07\ntype commit\ntag v\ntagger T <t@x> 1 +0000\n\nm",
            "object \(String(repeating: "07", count: 32))\ntype commit\ntag v\ntagger T <t@x> 1 +0000\n",
        ])
    func rejectsMalformed(text: String) {
        #expect(throws: ObjectsError.self) { try Tag(decoding: Array(text.utf8)) }
    }
}
