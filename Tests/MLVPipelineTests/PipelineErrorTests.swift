import MLVPipeline
import Testing

@Suite struct PipelineErrorTests {
    @Test("prints its message as-is") func message() {
        #expect(
            PipelineError(.unknownPlugin, "stage \"train\": no plugin named \"mlp\"").description
                == "stage \"train\": no plugin named \"mlp\"")
    }
}
