import Foundation
import MLVDiff
import Testing

@Suite struct TableDiffJSONTests {
    /// `value` as the CLI encodes it: sorted keys, no escaped slashes.
    func json(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    @Test("encodes the documented shape with sorted keys")
    func keyed() throws {
        let old = "id,price\n1,3\n2,5\n4,2\n"
        let new = "id,price,qty\n1,3.75,1\n2,5,2\n9,1.5,2\n"
        let diff = try tableDiff(old, new, keys: ["id"], path: "data/prices.csv")
        let expected = """
            {"keys":["id"],"newRows":3,"oldRows":3,"omittedRows":0,"path":"data/prices.csv",\
            "rows":[{"cells":[{"column":"price","new":"3.75","old":"3"}],"change":"modified","key":["1"],"newRow":1,"oldRow":1},\
            {"change":"removed","key":["4"],"oldRow":3,"values":["4","2"]},\
            {"change":"added","key":["9"],"newRow":3,"values":["9","1.5","2"]}],\
            "rowsAdded":1,"rowsModified":1,"rowsRemoved":1,\
            "schema":{"added":["qty"],"moved":[],"newColumns":["id","price","qty"],"newTypes":["integer","float","integer"],\
            "oldColumns":["id","price"],"oldTypes":["integer","integer"],"removed":[],"reordered":false,\
            "typeChanges":[{"column":"price","new":"float","old":"integer"}]},\
            "summary":"+1 row, -1 row, ~1 row, 2 columns changed"}
            """
        #expect(try json(diff) == expected)
    }

    @Test("leaves out key without keys, and counts omitted rows")
    func unkeyed() throws {
        let diff = try tableDiff("a\n1\n", "a\n1\n2\n3\n", maxRowChanges: 1)
        let text = try json(diff)
        #expect(text.contains(#""rows":[{"change":"added","newRow":2,"values":["2"]}]"#))
        #expect(text.contains(#""keys":[]"#) && text.contains(#""omittedRows":1"#))
    }
}
