/// What an object is; stored beside every object in packs and indexes (docs/FORMAT.md §4).
///
/// Raw values are part of the format and are never reused.
public enum ObjectKind: UInt8, Sendable, CaseIterable, CustomStringConvertible {
    /// A piece of file content, named by the SHA-256 of its raw bytes.
    case chunk = 1
    /// A file manifest: size and ordered chunk list.
    case file = 2
    /// A directory listing.
    case tree = 3
    /// A commit.
    case commit = 4
    /// An annotated tag.
    case tag = 5

    public var description: String {
        switch self {
        case .chunk: "chunk"
        case .file: "file"
        case .tree: "tree"
        case .commit: "commit"
        case .tag: "tag"
        }
    }
}
