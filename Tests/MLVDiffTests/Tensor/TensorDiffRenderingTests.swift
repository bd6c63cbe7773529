import Foundation
import MLVDiff
import MLVFormats
import Testing

@Suite struct TensorDiffRenderingTests {
    typealias F = TensorFixtures

    /// A checkpoint step: values moved, a dtype cast, a reshape, a rename, an added and a removed
    /// tensor, and metadata changes.
    static func checkpoints() throws -> (old: [UInt8], new: [UInt8]) {
        let old = try F.safetensors(
            [
                try F.tensor("fc.weight", .f32, shape: [2, 3], [0.5, -0.25, 1, 2, -1, 0.125]),
                try F.tensor("fc.bias", .f32, shape: [3], [0.1, 0.2, 0.3]),
                try F.tensor("embed", .f32, shape: [2, 2], [1, 2, 3, 4]),
                try F.tensor("head", .f32, shape: [2], [0.5, 1.5]),
                try F.tensor("step", .i64, shape: [], [100]),
                try F.tensor("frozen", .bf16, shape: [2], [1, 2]),
                try F.tensor("dropped", .u8, shape: [2], [1, 2]),
            ], metadata: ["epoch": "3", "format": "pt", "note": "warmup"])
        let new = try F.safetensors(
            [
                try F.tensor("fc.weight", .f32, shape: [2, 3], [0.5, -0.25, 1.0625, 2, -1.5, 0.125]),
                try F.tensor("fc.bias", .f16, shape: [3], [0.1, 0.2, 0.3]),
                try F.tensor("embed", .f32, shape: [1, 4], [1, 2, 3, 4]),
                try F.tensor("output.head", .f32, shape: [2], [0.5, 1.5]),
                try F.tensor("step", .i64, shape: [], [200]),
                try F.tensor("frozen", .bf16, shape: [2], [1, 2]),
                try F.tensor("added.mask", .bool, shape: [3], [1, 0, 1]),
            ], metadata: ["epoch": "4", "format": "pt", "lr": "0.001"])
        return (old, new)
    }

    @Test("the summary line and the table match the golden files") func golden() throws {
        let (old, new) = try TensorDiffRenderingTests.checkpoints()
        let diff = try TensorDiff(old: old, new: new, path: "model.safetensors")
        #expect(
            diff.summary
                == "4 tensors changed, 1 added, 1 removed, 1 renamed; max |Δ| 100; 3 metadata keys changed")
        assertDiffGolden(diff.rendered(), named: "tensorDiffTable")
        assertDiffGolden(diff.rendered(color: true), named: "tensorDiffTableColor")
    }

    @Test("JSON has the documented shape") func json() throws {
        let old = try F.safetensors([try F.tensor("w", .f32, shape: [2], [1, 2])], metadata: ["k": "a"])
        let new = try F.safetensors([
            try F.tensor("w", .f32, shape: [2], [1, 2.5]), try F.tensor("b", .i8, shape: [1], [1]),
        ])
        let diff = try TensorDiff(old: old, new: new, path: "m.safetensors")
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = String(decoding: try encoder.encode(diff), as: UTF8.self)
        #expect(
            json
                == #"{"counts":{"added":1,"modified":1,"removed":0,"renamed":0,"unchanged":0},"#
                + #""format":{"new":"safetensors","old":"safetensors"},"maxAbsDiff":0.5,"#
                + #""metadata":[{"key":"k","new":null,"old":"a"}],"path":"m.safetensors","#
                + #""summary":"1 tensor changed, 1 added, 0 removed; max |Δ| 0.5; 1 metadata key changed","#
                + #""tensors":[{"kind":"added","name":"b","new":{"dtype":"I8","shape":[1]},"old":null,"stats":null},"#
                + #"{"kind":"modified","name":"w","new":{"dtype":"F32","shape":[2]},"old":{"dtype":"F32","shape":[2]},"#
                + #""stats":{"changed":1,"cosine":0.9965457582448796,"elements":2,"maxAbsDiff":0.5,"#
                + #""meanAbsDiff":0.25,"nonFinite":0,"relativeL2":0.22360679774997896}}]}"#)
    }

    @Test("undefined statistics encode as null") func nullStatistics() throws {
        let old = try F.safetensors([try F.tensor("z", .f32, shape: [1], [0])])
        let new = try F.safetensors([try F.tensor("z", .f32, shape: [1], [2])])
        let stats = try #require(try TensorDiff(old: old, new: new, path: "z").changes.first?.statistics)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        #expect(
            String(decoding: try encoder.encode(stats), as: UTF8.self)
                == #"{"changed":1,"cosine":null,"elements":1,"maxAbsDiff":2,"meanAbsDiff":2,"nonFinite":0,"relativeL2":null}"#
        )
    }
}
