import Foundation
import MLVDiff
import MLVFormats
import Testing

@Suite struct TensorDiffTests {
    typealias F = TensorFixtures

    @Test("identical files have no changes and count their tensors unchanged") func identical() throws {
        let bytes = try F.safetensors([
            try F.tensor("a", .f32, shape: [2], [1, 2]), try F.tensor("b", .i64, shape: [1], [3]),
        ])
        let diff = try TensorDiff(old: bytes, new: bytes, path: "m.safetensors")
        #expect(diff.isEmpty && diff.unchangedCount == 2)
        #expect(diff.summary == "0 tensors changed, 0 added, 0 removed")
    }

    @Test("statistics on every dtype", arguments: DType.allCases)
    func everyDType(dtype: DType) throws {
        let old: [Double] = dtype == .bool ? [0, 1, 1, 0, 1, 0] : [1, 2, 3, 4, 5, 6]
        let new: [Double] = dtype == .bool ? [0, 1, 0, 0, 1, 1] : [1, 2, 5, 4, 5, 3]
        let diff = try TensorDiff(
            old: try F.safetensors([try F.tensor("w", dtype, shape: [2, 3], old)]),
            new: try F.safetensors([try F.tensor("w", dtype, shape: [2, 3], new)]), path: "w.safetensors")
        let change = try #require(diff.changes.first)
        #expect(diff.changes.count == 1 && change.kind == .modified && change.name == "w")
        let stats = try #require(change.statistics)
        #expect(stats.elementCount == 6 && stats.changedElements == 2 && stats.nonFiniteElements == 0)
        let differences = zip(old, new).map { abs($1 - $0) }
        #expect(stats.maxAbsDifference == differences.max())
        #expect(abs(stats.meanAbsDifference - differences.reduce(0, +) / 6) < 1e-12)
        let oldNorm = old.map { $0 * $0 }.reduce(0, +).squareRoot()
        let newNorm = new.map { $0 * $0 }.reduce(0, +).squareRoot()
        let changeNorm = differences.map { $0 * $0 }.reduce(0, +).squareRoot()
        #expect(abs((stats.relativeL2 ?? -1) - changeNorm / oldNorm) < 1e-12)
        let dot = zip(old, new).map(*).reduce(0, +)
        #expect(abs((stats.cosineSimilarity ?? -2) - dot / (oldNorm * newNorm)) < 1e-12)
    }

    @Test("statistics on NPY files of every dtype numpy has", arguments: DType.allCases.filter { $0 != .bf16 })
    func npy(dtype: DType) throws {
        func file(_ values: [Double]) throws -> [UInt8] {
            let array =
                dtype.isFloatingPoint
                ? try NPYArray(shape: [4], doubles: values, dtype: dtype)
                : try NPYArray(shape: [4], int64s: values.map { Int64($0) }, dtype: dtype)
            return try array.encode()
        }
        let diff = try TensorDiff(old: try file([0, 1, 1, 0]), new: try file([1, 1, 1, 0]), path: "data/x.npy")
        #expect(diff.oldFormat == .npy && diff.newFormat == .npy)
        #expect(diff.changes.map(\.name) == ["x.npy"])
        #expect(diff.changes.first?.statistics?.changedElements == 1)
        #expect(diff.summary == "1 tensor changed, 0 added, 0 removed; max |Δ| 1")
    }

    @Test("tensors added, removed and renamed by content") func addedRemovedRenamed() throws {
        let kept = try F.tensor("kept", .f32, shape: [2], [1, 2])
        let old = try F.safetensors([
            kept, try F.tensor("gone", .i32, shape: [3], [1, 2, 3]),
            try F.tensor("old.name", .f16, shape: [2], [0.5, 1]),
        ])
        let new = try F.safetensors([
            kept, try F.tensor("fresh", .u8, shape: [1], [7]), try F.tensor("new.name", .f16, shape: [2], [0.5, 1]),
        ])
        let diff = try TensorDiff(old: old, new: new, path: "m.safetensors")
        #expect(diff.changes.map(\.kind) == [.added, .removed, .renamed])
        #expect(diff.changes.map(\.name) == ["fresh", "gone", "new.name"])
        #expect(diff.changes[2].oldName == "old.name")
        #expect(diff.unchangedCount == 1)
        #expect(diff.summary == "0 tensors changed, 1 added, 1 removed, 1 renamed")
    }

    @Test("a rename needs equal dtype, shape and bytes") func renameNeedsSameContent() throws {
        let old = try F.safetensors([try F.tensor("a", .f32, shape: [2], [1, 2])])
        for other in [
            try F.tensor("b", .f32, shape: [2], [1, 3]), try F.tensor("b", .f32, shape: [1, 2], [1, 2]),
            try F.tensor("b", .f64, shape: [2], [1, 2]),
        ] {
            let diff = try TensorDiff(old: old, new: try F.safetensors([other]), path: "m.safetensors")
            #expect(diff.changes.map(\.kind) == [.removed, .added])
        }
    }

    @Test("shape changes have no statistics; dtype changes compare values") func shapeAndDType() throws {
        let old = try F.safetensors([
            try F.tensor("s", .f32, shape: [3], [1, 2, 3]), try F.tensor("t", .f32, shape: [2], [0.1, 1]),
        ])
        let new = try F.safetensors([
            try F.tensor("s", .f32, shape: [4], [1, 2, 3, 4]), try F.tensor("t", .f16, shape: [2], [0.1, 1]),
        ])
        let diff = try TensorDiff(old: old, new: new, path: "m.safetensors")
        let (shape, dtype) = (diff.changes[0], diff.changes[1])
        #expect(shape.shapeChanged && !shape.dtypeChanged && shape.statistics == nil)
        #expect(dtype.dtypeChanged && !dtype.shapeChanged)
        // 0.1 in F32 and in F16 differ by the F16 rounding error; 1 is exact in both.
        let expected = abs(
            Double(Float(0.1))
                - Double(
                    Float(Float16Conversion.float(fromFloat16Bits: Float16Conversion.float16Bits(from: Float(0.1))))))
        #expect(dtype.statistics?.changedElements == 1)
        #expect(dtype.statistics?.maxAbsDifference == expected)
    }

    @Test("0/0 is no change; a change from all zeros has no relative L2") func zeroNorms() throws {
        let zeros = try F.safetensors([try F.tensor("z", .f32, shape: [2], [0, 0])])
        let negativeZeros = try F.safetensors([try F.tensor("z", .f32, shape: [2], [-0.0, 0])])
        let same = try TensorDiff(old: zeros, new: negativeZeros, path: "z.safetensors")
        let stats = try #require(same.changes.first?.statistics)
        #expect(stats.changedElements == 0 && stats.relativeL2 == 0 && stats.cosineSimilarity == 1)
        let grown = try TensorDiff(
            old: zeros, new: try F.safetensors([try F.tensor("z", .f32, shape: [2], [0, 1])]), path: "z.safetensors")
        let grownStats = try #require(grown.changes.first?.statistics)
        #expect(grownStats.relativeL2 == nil && grownStats.cosineSimilarity == nil && grownStats.maxAbsDifference == 1)
    }

    @Test("NaN and infinity are counted apart and kept out of the sums") func nonFinite() throws {
        let old = try F.safetensors([try F.tensor("n", .f64, shape: [4], [.nan, .infinity, 1, 2])])
        let new = try F.safetensors([try F.tensor("n", .f64, shape: [4], [.nan, 3, 1, 2.5])])
        let stats = try #require(try TensorDiff(old: old, new: new, path: "n.safetensors").changes.first?.statistics)
        #expect(stats.nonFiniteElements == 2 && stats.changedElements == 2)
        #expect(stats.maxAbsDifference == 0.5 && stats.meanAbsDifference == 0.25)
    }

    @Test("statistics across many blocks equal a direct computation") func manyBlocks() throws {
        let count = 10_000
        let old = (0..<count).map { Double($0 % 17) * 0.25 - 1 }
        let new = old.enumerated().map { $0.offset % 3 == 0 ? $0.element + Double($0.offset % 5) * 0.125 : $0.element }
        let diff = try TensorDiff(
            old: try F.safetensors([try F.tensor("big", .f32, shape: [100, 100], old)]),
            new: try F.safetensors([try F.tensor("big", .f32, shape: [100, 100], new)]), path: "b.safetensors")
        let stats = try #require(diff.changes.first?.statistics)
        let differences = zip(old, new).map { abs($1 - $0) }
        #expect(stats.changedElements == differences.count { $0 != 0 })
        #expect(stats.maxAbsDifference == 0.5)
        #expect(abs(stats.meanAbsDifference - differences.reduce(0, +) / Double(count)) < 1e-12)
    }

    @Test("large I64 values compare exactly") func largeIntegers() throws {
        let big = Int64(1) << 60
        let old = try F.safetensors([try SafetensorsTensor(name: "i", shape: [2], int64s: [big, 5])])
        let new = try F.safetensors([try SafetensorsTensor(name: "i", shape: [2], int64s: [big + 1, 5])])
        let stats = try #require(try TensorDiff(old: old, new: new, path: "i.safetensors").changes.first?.statistics)
        #expect(stats.changedElements == 1 && stats.maxAbsDifference == 1)
    }

    @Test("metadata keys added, removed and changed") func metadata() throws {
        let tensor = try F.tensor("w", .f32, shape: [1], [1])
        let old = try F.safetensors([tensor], metadata: ["epoch": "3", "note": "x"])
        let new = try F.safetensors([tensor], metadata: ["epoch": "4", "lr": "0.1"])
        let diff = try TensorDiff(old: old, new: new, path: "m.safetensors")
        #expect(
            diff.metadataChanges == [
                MetadataChange(key: "epoch", old: "3", new: "4"), MetadataChange(key: "lr", old: nil, new: "0.1"),
                MetadataChange(key: "note", old: "x", new: nil),
            ])
        #expect(diff.summary == "0 tensors changed, 0 added, 0 removed; 3 metadata keys changed")
    }

    @Test("an absent side makes every tensor added or removed") func absentSide() throws {
        let bytes = try F.safetensors([try F.tensor("a", .f32, shape: [1], [1])])
        let added = try TensorDiff(old: nil, new: bytes, path: "m.safetensors")
        #expect(added.oldFormat == nil && added.changes.map(\.kind) == [.added])
        let removed = try TensorDiff(old: bytes, new: nil, path: "m.safetensors")
        #expect(removed.newFormat == nil && removed.changes.map(\.kind) == [.removed])
    }

    @Test("tensor files are recognized by magic, extension or header start") func detection() throws {
        let bytes = try F.safetensors([try F.tensor("a", .f32, shape: [1], [1])])
        #expect(TensorDiff.looksLikeTensorFile(path: "weights.bin", prefix: bytes.prefix(16)))
        #expect(
            TensorDiff.looksLikeTensorFile(path: "x", prefix: try NPYArray(shape: [1], floats: [1]).encode().prefix(9)))
        #expect(TensorDiff.looksLikeTensorFile(path: "model.SAFETENSORS", prefix: []))
        #expect(TensorDiff.looksLikeTensorFile(path: "a.npy", prefix: []))
        #expect(!TensorDiff.looksLikeTensorFile(path: "notes.txt", prefix: Array("hello world".utf8)[...]))
    }
}
