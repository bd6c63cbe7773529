import Foundation
import MLVFormats
import MLVRepository
import MLVStorage

/// Text that `git diff` compares for files with `diff=mlv` (`diff.mlv.textconv = mlv git
/// textconv`): one line per tensor for safetensors and NPY files, the header and rows for
/// tables, the text itself for text, and a one-line summary for other binary data. A pointer
/// is first resolved to the file's content in mlv's store.
public enum TextConv {
    /// Files larger than this are summarized by size and id instead of parsed.
    public static let parseLimit = 512 * 1024 * 1024
    /// Tables show at most this many rows.
    public static let rowLimit = 100_000

    /// The text for the file at `file`; `repository` resolves pointers (nil: none available).
    public static func render(file: URL, repository: Repository?) throws -> String {
        let data: Data
        do {
            data = try Data(contentsOf: file)
        } catch {
            throw GitError(.io, "cannot read '\(file.path)': \(error.localizedDescription)", underlying: error)
        }
        var bytes = [UInt8](data)
        var header: [String] = []
        if Pointer.looksLikePointer(bytes) {
            let pointer = try Pointer(decoding: bytes, path: file.lastPathComponent)
            header.append("mlv file \(pointer.file) (\(pointer.size) bytes)")
            guard let repository, repository.missingObjects(ofFile: pointer.file).isEmpty else {
                return (header + ["(content not in mlv's store)"]).joined(separator: "\n") + "\n"
            }
            guard pointer.size <= UInt64(parseLimit) else { return header.joined(separator: "\n") + "\n" }
            bytes = []
            try repository.readFile(pointer.file) { bytes += $0 }
        }
        let body = summarize(bytes, name: file.lastPathComponent)
        return (header + body).joined(separator: "\n") + "\n"
    }

    /// The summary lines of `bytes`, a file named `name`.
    static func summarize(_ bytes: [UInt8], name: String) -> [String] {
        let lowered = name.lowercased()
        if bytes.starts(with: [0x93] + Array("NUMPY".utf8)), let array = try? NPYArray(bytes: bytes) {
            return ["npy array"] + [tensorLine(name: "array", dtype: array.dtype, shape: array.shape, data: array.data)]
        }
        if lowered.hasSuffix(".safetensors") || looksLikeSafetensors(bytes),
            let file = try? SafetensorsFile(bytes: bytes)
        {
            var lines = ["safetensors: \(file.tensors.count) tensors"]
            for key in file.metadata.keys.sorted() { lines.append("metadata \(key)=\(file.metadata[key] ?? "")") }
            let tensors = file.tensors.sorted { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
            for tensor in tensors {
                lines.append(tensorLine(name: tensor.name, dtype: tensor.dtype, shape: tensor.shape, data: tensor.data))
            }
            return lines
        }
        let isText = !bytes.contains(0) && String(validating: bytes, as: UTF8.self) != nil
        if isText && (lowered.hasSuffix(".csv") || lowered.hasSuffix(".tsv")) {
            return table(bytes, pathExtension: lowered.hasSuffix(".tsv") ? "tsv" : "csv")
        }
        if isText {
            return String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(
                String.init
            ).dropLastIfEmpty()
        }
        return ["binary data, \(bytes.count) bytes, sha256 \(SHA256Hasher.hash(bytes))"]
    }

    private static func tensorLine(name: String, dtype: DType, shape: [Int], data: ArraySlice<UInt8>) -> String {
        let digest = SHA256Hasher.hash(Array(data)).description.prefix(16)
        let dims = shape.map(String.init).joined(separator: ", ")
        return "tensor \(name) \(dtype.rawValue) [\(dims)] sha256:\(digest)"
    }

    private static func looksLikeSafetensors(_ bytes: [UInt8]) -> Bool {
        guard bytes.count >= 9 else { return false }
        var length: UInt64 = 0
        for (shift, byte) in bytes.prefix(8).enumerated() { length |= UInt64(byte) << UInt64(8 * shift) }
        return length >= 2 && length <= 100_000_000 && bytes[8] == UInt8(ascii: "{")
    }

    /// A table as a summary line, then its rows with fields joined by tabs (quoting resolved),
    /// so that git's line diff shows changed rows.
    private static func table(_ bytes: [UInt8], pathExtension: String) -> [String] {
        let dialect = CSVDialect.sniff(bytes[...], pathExtension: pathExtension)
        var reader = CSVReader(bytes: bytes, dialect: dialect, hasHeader: true)
        var rows: [String] = []
        var columns = 0
        var count = 0
        do {
            while try reader.next() {
                count += 1
                columns = max(columns, reader.fieldCount)
                guard rows.count <= rowLimit else { continue }
                let fields = (0..<reader.fieldCount).map { String(decoding: reader.field($0), as: UTF8.self) }
                rows.append(fields.joined(separator: "\t"))
            }
        } catch {
            return ["table: unreadable (\(error.message)); raw lines follow"]
                + String(decoding: bytes, as: UTF8.self).split(separator: "\n").map(String.init)
        }
        let dataRows = max(0, count - 1)
        var lines = ["table: \(dataRows) rows, \(columns) columns"] + rows
        if count > rows.count { lines.append("… \(count - rows.count) more rows") }
        return lines
    }
}
