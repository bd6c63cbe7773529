import MLVFormats

/// What happened to one tensor between two versions of a file.
///
/// JSON (``encode(to:)``):
/// ```
/// {"name": "fc.weight", "kind": "modified",
///  "old": {"dtype": "F32", "shape": [4, 3]}, "new": {"dtype": "F16", "shape": [4, 3]},
///  "stats": <TensorStatistics> | null}
/// ```
/// `kind` is `added`, `removed`, `renamed` or `modified`; `old` is `null` for an added tensor and
/// `new` for a removed one; a renamed tensor also has `"oldName"`.
public struct TensorChange: Sendable, Equatable, Encodable {
    public enum Kind: String, Sendable, Encodable {
        /// Only in the new version (and not a rename).
        case added
        /// Only in the old version (and not a rename).
        case removed
        /// A tensor of the old version under another name in the new one, with the same dtype,
        /// shape and bytes.
        case renamed
        /// Under the same name in both, with different bytes, dtype or shape.
        case modified
    }

    /// A tensor's element type and shape.
    public struct Layout: Sendable, Equatable, Encodable {
        public var dtype: DType
        public var shape: [Int]

        public init(dtype: DType, shape: [Int]) {
            self.dtype = dtype
            self.shape = shape
        }

        /// `[4, 3]`; `[]` for a scalar.
        public var shapeText: String { "[" + shape.map(String.init).joined(separator: ", ") + "]" }

        private enum CodingKeys: String, CodingKey { case dtype, shape }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(dtype.rawValue, forKey: .dtype)
            try container.encode(shape, forKey: .shape)
        }
    }

    public var kind: Kind
    /// The tensor's name: the new name for an added or renamed tensor, the old for a removed one.
    public var name: String
    /// The old name of a renamed tensor; nil otherwise.
    public var oldName: String?
    /// dtype and shape in the old version; nil for an added tensor.
    public var old: Layout?
    /// dtype and shape in the new version; nil for a removed tensor.
    public var new: Layout?
    /// Element statistics of a modified tensor whose shape did not change; nil otherwise.
    public var statistics: TensorStatistics?

    public init(
        kind: Kind, name: String, oldName: String? = nil, old: Layout?, new: Layout?,
        statistics: TensorStatistics? = nil
    ) {
        self.kind = kind
        self.name = name
        self.oldName = oldName
        self.old = old
        self.new = new
        self.statistics = statistics
    }

    /// True when both versions exist and their dtypes differ.
    public var dtypeChanged: Bool {
        guard let old, let new else { return false }
        return old.dtype != new.dtype
    }

    /// True when both versions exist and their shapes differ.
    public var shapeChanged: Bool {
        guard let old, let new else { return false }
        return old.shape != new.shape
    }

    private enum CodingKeys: String, CodingKey { case name, kind, oldName, old, new, stats }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(kind, forKey: .kind)
        try container.encodeIfPresent(oldName, forKey: .oldName)
        try container.encode(old, forKey: .old)
        try container.encode(new, forKey: .new)
        try container.encode(statistics, forKey: .stats)
    }
}
