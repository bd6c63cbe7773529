import MLVFormats

/// One side of a ``TensorDiff``: the tensors of a safetensors or NPY file, validated by
/// MLVFormats' readers, sorted by name. Tensor data are slices of the file bytes, not copies.
struct TensorFile {
    /// One tensor: name, element type, shape and little-endian bytes in C order.
    struct Tensor {
        var name: String
        var dtype: DType
        var shape: [Int]
        var data: ArraySlice<UInt8>

        var elementCount: Int { data.count / dtype.byteWidth }
    }

    var format: TensorDiff.Format
    /// The tensors, sorted by name (UTF-8 bytes).
    var tensors: [Tensor]
    /// The safetensors `__metadata__` map; empty for NPY.
    var metadata: [String: String]

    /// The 6 bytes every NPY file starts with.
    static let npyMagic: [UInt8] = [0x93] + Array("NUMPY".utf8)

    /// Parses `bytes`: NPY when they start with NPY's magic, safetensors otherwise. The one array
    /// of an NPY file is named after the last component of `path`.
    /// - Parameter side: `"old"` or `"new"`, for messages.
    /// - Throws: `DiffError(.malformed, "<path>: <problem> (<side> version)")` for anything the
    ///   readers reject, and for NPY arrays in Fortran order, so the caller can fall back to a
    ///   binary diff.
    /// - Complexity: O(h + t log t) for a header of h bytes and t tensors; the data is not read.
    init(bytes: [UInt8], path: String, side: String) throws(DiffError) {
        func malformed(_ message: String) -> DiffError {
            DiffError(.malformed, "\(path): \(message) (\(side) version)")
        }
        if bytes.starts(with: TensorFile.npyMagic) {
            let array: NPYArray
            do { array = try NPYArray(bytes: bytes) } catch { throw malformed(error.message) }
            guard !array.fortranOrder || array.shape.count < 2 else {
                throw malformed("npy array is in Fortran order, which the tensor diff does not compare")
            }
            let name = String(path.split(separator: "/").last ?? Substring(path))
            format = .npy
            tensors = [Tensor(name: name, dtype: array.dtype, shape: array.shape, data: array.data)]
            metadata = [:]
        } else {
            let file: SafetensorsFile
            do { file = try SafetensorsFile(bytes: bytes) } catch { throw malformed(error.message) }
            format = .safetensors
            tensors = file.tensors.map { Tensor(name: $0.name, dtype: $0.dtype, shape: $0.shape, data: $0.data) }
                .sorted { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
            metadata = file.metadata
        }
    }

    /// True when `prefix` (the first bytes of a file; 9 are enough) or `path` says the file is a
    /// tensor file: NPY's magic, a `.safetensors` or `.npy` name, or a safetensors header start
    /// (a little-endian length of at most 100,000,000 followed by `{`).
    static func looksLikeTensorFile(path: String, prefix: ArraySlice<UInt8>) -> Bool {
        if prefix.starts(with: npyMagic) { return true }
        let lowered = path.lowercased()
        if lowered.hasSuffix(".safetensors") || lowered.hasSuffix(".npy") { return true }
        guard prefix.count >= 9 else { return false }
        var length: UInt64 = 0
        for (shift, byte) in prefix.prefix(8).enumerated() { length |= UInt64(byte) << UInt64(8 * shift) }
        return length >= 2 && length <= 100_000_000 && prefix[prefix.startIndex + 8] == UInt8(ascii: "{")
    }
}
