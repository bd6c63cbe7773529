import MLVCompute
import Testing

@Suite struct ComputeErrorTests {
    @Test("prints its message as-is") func message() {
        #expect(ComputeError(.shapeMismatch, "shapes [2] and [3] differ").description == "shapes [2] and [3] differ")
    }
}
