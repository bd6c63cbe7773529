/// One tensor as a safetensors header describes it.
public struct SafetensorsTensorInfo: Sendable, Hashable {
    public var name: String
    public var dtype: DType
    /// Dimensions, outermost first; empty for a scalar.
    public var shape: [Int]
    /// `data_offsets`: the tensor's bytes within the data buffer (not the file).
    public var dataOffsets: Range<Int>

    /// The product of the shape (1 for a scalar).
    public var elementCount: Int { shape.reduce(1, *) }
}

/// The header of a safetensors file, parsed and validated without the data buffer, so a differ or
/// `mlv show` can read the first `8 + N` bytes of a large file and stop (see ``SafetensorsFormat``).
public struct SafetensorsHeader: Sendable, Equatable {
    /// The `__metadata__` map; empty when the file has none.
    public var metadata: [String: String]
    /// The tensors in data-buffer order (by offset; zero-length tensors at one offset by name).
    public var tensors: [SafetensorsTensorInfo]
    /// N: the JSON length as stored, padding included.
    public var headerLength: Int

    /// Where the data buffer starts in the file: `8 + N`.
    public var dataStart: Int { SafetensorsFormat.lengthSize + headerLength }
    /// The data buffer's length: the end of the last tensor.
    public var dataLength: Int { tensors.last?.dataOffsets.upperBound ?? 0 }
    /// The length the whole file must have.
    public var fileLength: Int { dataStart + dataLength }

    /// A header from its parts, as the writer lays it out; not validated.
    init(metadata: [String: String], tensors: [SafetensorsTensorInfo], headerLength: Int) {
        self.metadata = metadata
        self.tensors = tensors
        self.headerLength = headerLength
    }

    /// The tensor called `name` (compared as UTF-8 bytes), or nil.
    public func tensor(named name: String) -> SafetensorsTensorInfo? {
        tensors.first { $0.name.utf8.elementsEqual(name.utf8) }
    }

    /// How many bytes from the start of the file ``init(parsing:fileLength:)`` needs: `8 + N`,
    /// read from the first 8 bytes of `prefix`.
    /// - Throws: `truncated` when `prefix` is shorter than 8 bytes; `headerTooLarge` when N is over
    ///   100,000,000.
    public static func prefixLength(of prefix: ArraySlice<UInt8>) throws(FormatsError) -> Int {
        guard prefix.count >= SafetensorsFormat.lengthSize else {
            throw FormatsError(
                .truncated, "safetensors file is \(prefix.count) bytes, shorter than its 8-byte header length")
        }
        let length = prefix.word(prefix.startIndex, SafetensorsFormat.lengthSize)
        guard length <= UInt64(SafetensorsFormat.maxHeaderLength) else {
            throw FormatsError(
                .headerTooLarge,
                "safetensors header length \(length) is over the limit of \(SafetensorsFormat.maxHeaderLength) bytes")
        }
        return SafetensorsFormat.lengthSize + Int(length)
    }

    /// Parses and validates the header at the start of `prefix`, which holds at least the first
    /// ``prefixLength(of:)`` bytes of the file (any bytes after them are ignored).
    ///
    /// The tensors must have known dtypes and non-negative dimensions, distinct names, byte lengths
    /// equal to their element count times the dtype width, and offsets that tile `0..<dataLength`
    /// without overlap or gap. With `fileLength`, the data buffer must also end exactly there.
    /// - Throws: `FormatsError` with the code of the first problem found, naming the tensor.
    /// - Complexity: O(h + t log t) for a header of h bytes with t tensors.
    public init(parsing prefix: ArraySlice<UInt8>, fileLength: Int? = nil) throws(FormatsError) {
        let end = try SafetensorsHeader.prefixLength(of: prefix)
        let available = min(prefix.count, fileLength ?? prefix.count)
        guard available >= end else {
            throw FormatsError(
                .truncated,
                "safetensors header length \(end - 8) runs past the end of the file: "
                    + "\(end) bytes needed, \(available) present")
        }
        let json = prefix[(prefix.startIndex + 8)..<(prefix.startIndex + end)]
        guard json.first == UInt8(ascii: "{") else {
            throw FormatsError(.invalidHeader, "safetensors header does not start with '{'")
        }
        guard case .object(let members) = try JSONParser.parse(json, context: "safetensors header") else {
            throw FormatsError(.invalidHeader, "safetensors header is not a JSON object")
        }
        var metadata: [String: String]? = nil
        var infos: [SafetensorsTensorInfo] = []
        var names = Set<[UInt8]>()
        for member in members {
            guard names.insert(Array(member.key.utf8)).inserted else {
                let what = member.key == SafetensorsFormat.metadataKey ? "" : "tensor "
                throw FormatsError(.duplicateName, "safetensors header: \(what)\(quoted(member.key)) appears twice")
            }
            if member.key == SafetensorsFormat.metadataKey {
                metadata = try SafetensorsHeader.metadata(from: member.value)
            } else {
                infos.append(try SafetensorsHeader.tensorInfo(named: member.key, from: member.value))
            }
        }
        infos.sort(by: SafetensorsHeader.dataOrder)
        try SafetensorsHeader.checkLayout(infos, dataLength: fileLength.map { $0 - end })
        self.metadata = metadata ?? [:]
        self.tensors = infos
        self.headerLength = end - SafetensorsFormat.lengthSize
    }

    /// Parses the header at the start of `prefix`, as the `ArraySlice` form does.
    public init(parsing prefix: [UInt8], fileLength: Int? = nil) throws(FormatsError) {
        try self.init(parsing: prefix[...], fileLength: fileLength)
    }

    /// True when `left` comes before `right` in the data buffer: by offsets, then zero-length
    /// tensors at one offset by name bytes, so the order does not depend on the header's key order.
    private static func dataOrder(_ left: SafetensorsTensorInfo, _ right: SafetensorsTensorInfo) -> Bool {
        let (a, b) = (left.dataOffsets, right.dataOffsets)
        if a != b { return (a.lowerBound, a.upperBound) < (b.lowerBound, b.upperBound) }
        return left.name.utf8.lexicographicallyPrecedes(right.name.utf8)
    }

    /// Checks that `infos`, sorted by offset, tile the data buffer; with `dataLength`, that they end
    /// exactly at its end.
    private static func checkLayout(_ infos: [SafetensorsTensorInfo], dataLength: Int?) throws(FormatsError) {
        var expected = 0
        var previous: SafetensorsTensorInfo? = nil
        for info in infos {
            let offsets = info.dataOffsets
            if let dataLength, offsets.upperBound > dataLength {
                throw FormatsError(
                    .invalidOffsets,
                    "safetensors header: tensor \(quoted(info.name)) has data_offsets \(describe(offsets)) but the "
                        + "data buffer holds only \(max(dataLength, 0)) bytes (is the file truncated?)")
            }
            if offsets.lowerBound < expected, let previous {
                throw FormatsError(
                    .invalidOffsets,
                    "safetensors header: tensor \(quoted(info.name)) has data_offsets \(describe(offsets)), "
                        + "overlapping tensor \(quoted(previous.name)) at \(describe(previous.dataOffsets))")
            }
            if offsets.lowerBound > expected {
                throw FormatsError(
                    .invalidOffsets,
                    "safetensors header: data bytes \(describe(expected..<offsets.lowerBound)) belong to no tensor "
                        + "(before tensor \(quoted(info.name)) at \(describe(offsets)))")
            }
            expected = offsets.upperBound
            previous = info
        }
        if let dataLength, dataLength > expected {
            throw FormatsError(
                .invalidOffsets,
                "safetensors header: data bytes \(describe(expected..<dataLength)) belong to no tensor "
                    + "(the file is longer than its tensors)")
        }
    }
}

/// `"name"`, as messages quote tensor names.
func quoted(_ name: String) -> String {
    "\"" + name + "\""
}

/// `[0, 16]`, as a header spells data offsets.
func describe(_ offsets: Range<Int>) -> String {
    "[\(offsets.lowerBound), \(offsets.upperBound)]"
}
