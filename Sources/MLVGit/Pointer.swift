import MLVStorage

/// What git stores for a file that the mlv filter cleaned: a small, versioned text naming the
/// file's manifest in mlv's store (docs/FORMAT.md, "Filter pointers").
///
///     version mlv-pointer/1
///     file <64 hex: the file's manifest id>
///     size <decimal bytes>
///
/// Exactly these three lines, each ending in `\n`, in this order: at most 123 bytes.
public struct Pointer: Sendable, Equatable {
    /// The file's id (its manifest).
    public var file: ObjectID
    /// The file's size in bytes.
    public var size: UInt64

    /// Bytes every pointer starts with.
    public static let prefix = Array("version mlv-pointer/".utf8)
    static let firstLine = "version mlv-pointer/1"
    /// Content at most this long that starts with ``prefix`` is taken for a pointer; longer
    /// content is ordinary data, however it starts.
    public static let maximumLength = 200

    public init(file: ObjectID, size: UInt64) {
        self.file = file
        self.size = size
    }

    /// The pointer's bytes.
    public func encoded() -> [UInt8] {
        Array("\(Pointer.firstLine)\nfile \(file)\nsize \(size)\n".utf8)
    }

    /// Whether `bytes` claim to be a pointer: short and starting with ``prefix``.
    public static func looksLikePointer(_ bytes: [UInt8]) -> Bool {
        bytes.count <= maximumLength && bytes.starts(with: prefix)
    }

    /// Decodes a pointer; `path` names the file in errors.
    /// - Throws: `.malformedPointer` saying what is wrong.
    public init(decoding bytes: [UInt8], path: String) throws(GitError) {
        func malformed(_ problem: String) -> GitError {
            GitError(
                .malformedPointer, "'\(path)' is a malformed mlv pointer: \(problem)",
                hint: "restore it from git history, or remove 'filter=mlv' for it in .gitattributes")
        }
        guard bytes.count <= Pointer.maximumLength else { throw malformed("it is longer than 200 bytes") }
        guard let text = String(validating: bytes, as: UTF8.self) else { throw malformed("it is not UTF-8") }
        guard text.hasSuffix("\n") else { throw malformed("the last line does not end in a newline") }
        let lines = text.dropLast().split(separator: "\n", omittingEmptySubsequences: false)
        guard let version = lines.first, version.hasPrefix("version mlv-pointer/") else {
            throw malformed("the first line is not 'version mlv-pointer/1'")
        }
        guard version == Pointer.firstLine else {
            throw malformed(
                "version '\(version.dropFirst("version ".count))' is not supported (this mlv reads mlv-pointer/1)")
        }
        guard lines.count == 3 else { throw malformed("expected 3 lines, found \(lines.count)") }
        guard lines[1].hasPrefix("file "), let id = ObjectID(hex: String(lines[1].dropFirst(5))) else {
            throw malformed("line 2 is not 'file <64 hex digits>'")
        }
        guard lines[2].hasPrefix("size "), let size = UInt64(lines[2].dropFirst(5)),
            String(size) == lines[2].dropFirst(5)
        else {
            throw malformed("line 3 is not 'size <decimal bytes>'")
        }
        self.file = id
        self.size = size
    }
}
