import MLVFormats
import Testing

@Suite struct FormatsErrorTests {
    @Test("prints its message as-is") func message() {
        #expect(FormatsError(.malformed, "header is short").description == "header is short")
    }
}
