import Testing

@testable import MLVFormats

@Suite struct HeaderJSONTests {
    private func parse(_ text: String) throws(FormatsError) -> JSONValue {
        try JSONParser.parse(Array(text.utf8)[...], context: "test")
    }

    @Test("values of every kind, members kept in order with duplicates")
    func kinds() throws {
        let value = try parse(#" {"b": [1, -2.5e3, true, false, null], "a": {}, "b": "x"} "#)
        let expected = JSONValue.object([
            .init(key: "b", value: .array([.number("1"), .number("-2.5e3"), .bool(true), .bool(false), .null])),
            .init(key: "a", value: .object([])),
            .init(key: "b", value: .string("x")),
        ])
        #expect(value == expected)
    }

    @Test(
        "string escapes decode to their characters",
        arguments: [
            (#""\"\\\/\b\f\n\r\t""#, "\"\\/\u{8}\u{C}\n\r\t"), (#""\u00e9\u0041""#, "éA"),
            (#""\ud83e\uddea""#, "🧪"), (#""raw ünï""#, "raw ünï"),
        ])
    func escapes(json: String, text: String) throws {
        #expect(try parse(json) == .string(text))
    }

    @Test(
        "malformed JSON names the offset of the problem",
        arguments: [
            ("[1,]", "unexpected character ']' at byte 3"), ("01", "unexpected bytes after the JSON value at byte 1"),
            (#""abc"#, "unterminated string at byte 0"), (#""\x""#, "invalid escape '\\x' at byte 1"),
            (#""\udc00""#, "unpaired surrogate in a \\u escape at byte 7"), ("-", "expected a digit at byte 1"),
            ("1.", "expected a digit after '.' at byte 2"), ("tru", "invalid literal, expected 'true' at byte 3"),
            (#"{"a" 1}"#, "expected ':' at byte 5"), ("", "unexpected end of JSON at byte 0"),
        ])
    func malformed(json: String, detail: String) {
        let error = #expect(throws: FormatsError.self) { try parse(json) }
        #expect(error?.code == .invalidHeader)
        #expect(error?.message == "test is not valid JSON: \(detail)")
    }

    @Test("nesting is limited")
    func depth() throws {
        let ok = String(repeating: "[", count: JSONParser.maxDepth) + String(repeating: "]", count: JSONParser.maxDepth)
        #expect(throws: Never.self) { try parse(ok) }
        let deep = "[" + ok + "]"
        #expect(throws: FormatsError.self) { try parse(deep) }
    }

    @Test("the writer escapes as serde_json does")
    func writer() throws {
        var bytes: [UInt8] = []
        SafetensorsFormat.appendJSONString("a\"\\\n\u{1}\u{7F}é/", to: &bytes)
        #expect(String(decoding: bytes, as: UTF8.self) == #""a\"\\\n\u0001"# + "\u{7F}é/\"")
        #expect(try parse(String(decoding: bytes, as: UTF8.self)) == .string("a\"\\\n\u{1}\u{7F}é/"))
    }
}
