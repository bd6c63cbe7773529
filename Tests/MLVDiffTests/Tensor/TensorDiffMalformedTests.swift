import MLVDiff
import MLVFormats
import Testing

/// One test per way a tensor file can be broken: each must throw `DiffError.malformed` naming
/// the path, so the caller falls back to a binary diff.
@Suite struct TensorDiffMalformedTests {
    typealias F = TensorFixtures

    /// A broken file, what is wrong with it, and a phrase its message must contain.
    struct Case: Sendable, CustomStringConvertible {
        var name: String
        var bytes: [UInt8]
        var phrase: String
        var description: String { name }
    }

    static let cases: [Case] = [
        Case(
            name: "shorter than the length prefix", bytes: [1, 2, 3], phrase: "shorter than its 8-byte header length"),
        Case(
            name: "header larger than the file", bytes: F.rawSafetensors(header: "{}", length: 4096),
            phrase: "runs past the end of the file"),
        Case(
            name: "header over the size limit", bytes: F.rawSafetensors(header: "{}", length: 200_000_000),
            phrase: "over the limit"),
        Case(
            name: "offsets past the end of the data",
            bytes: F.rawSafetensors(
                header: #"{"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}}"#,
                data: [UInt8](repeating: 0, count: 8)),
            phrase: "data buffer holds only 8 bytes"),
        Case(
            name: "a header that lies about the shape",
            bytes: F.rawSafetensors(
                header: #"{"a":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}"#,
                data: [UInt8](repeating: 0, count: 8)),
            phrase: "needs 12 bytes"),
        Case(
            name: "overlapping tensors",
            bytes: F.rawSafetensors(
                header: #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"#
                    + #""b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}"#,
                data: [UInt8](repeating: 0, count: 12)),
            phrase: "overlapping"),
        Case(
            name: "an unknown dtype",
            bytes: F.rawSafetensors(
                header: #"{"a":{"dtype":"F8_E4M3","shape":[1],"data_offsets":[0,1]}}"#, data: [0]),
            phrase: "F8_E4M3"),
        Case(name: "a header that is not JSON", bytes: F.rawSafetensors(header: "{nope"), phrase: "not valid JSON"),
        Case(
            name: "an npy dtype mlv does not read",
            bytes: F.rawNPY(
                header: "{'descr': '<c8', 'fortran_order': False, 'shape': (1,), }",
                data: [UInt8](repeating: 0, count: 8)),
            phrase: "<c8"),
        Case(
            name: "an npy array in Fortran order",
            bytes: F.rawNPY(
                header: "{'descr': '<f4', 'fortran_order': True, 'shape': (2, 2), }",
                data: [UInt8](repeating: 0, count: 16)),
            phrase: "Fortran order"),
        Case(
            name: "an npy file with truncated data",
            bytes: F.rawNPY(header: "{'descr': '<f4', 'fortran_order': False, 'shape': (4,), }", data: [0, 0, 0]),
            phrase: "needs 16 bytes"),
    ]

    @Test("malformed input throws DiffError.malformed naming the file", arguments: cases)
    func malformed(_ broken: Case) throws {
        let good = try F.safetensors([try F.tensor("a", .f32, shape: [1], [1])])
        for (old, new, side) in [(broken.bytes, good, "old"), (good, broken.bytes, "new")] {
            do {
                _ = try TensorDiff(old: old, new: new, path: "ckpt/model.bin")
                Issue.record("\(broken.name): no error")
            } catch {
                #expect(error.code == .malformed)
                #expect(error.message.hasPrefix("ckpt/model.bin: "), "\(error.message)")
                #expect(error.message.contains(broken.phrase), "\(error.message)")
                #expect(error.message.hasSuffix("(\(side) version)"), "\(error.message)")
            }
        }
    }
}
