import MLVDiff
import Testing

@Suite struct DiffErrorTests {
    @Test("prints its message as-is") func message() {
        #expect(DiffError(.malformed, "a.csv: row 3 is unterminated").description == "a.csv: row 3 is unterminated")
    }
}
