/// A whole safetensors file in memory: metadata and named tensors (see ``SafetensorsFormat``).
///
/// Read one with ``init(bytes:)``, build one with ``init(tensors:metadata:)``, and write either with
/// ``encode()``, which gives the canonical bytes: the same tensors and metadata always encode to
/// the same bytes, whatever order they came in, and those are the bytes the reference Python
/// library writes for them (when the metadata has at most one key; see ``SafetensorsFormat``).
public struct SafetensorsFile: Sendable, Equatable {
    /// The `__metadata__` map; empty when the file has none.
    public private(set) var metadata: [String: String]
    /// The tensors: in file order when read, in the given order when built. Names are distinct.
    /// Two files are equal when their metadata and their tensors, in this order, are.
    public private(set) var tensors: [SafetensorsTensor]

    /// Reads and validates a whole file. The tensors' `data` are slices of `bytes`, not copies.
    /// - Throws: `FormatsError` as ``SafetensorsHeader/init(parsing:fileLength:)`` does, with the
    ///   file's length as `fileLength`: the tensors must cover the data buffer to its end.
    /// - Complexity: O(h + t log t) for a header of h bytes with t tensors; the data is not touched.
    public init(bytes: [UInt8]) throws(FormatsError) {
        let header = try SafetensorsHeader(parsing: bytes, fileLength: bytes.count)
        let start = header.dataStart
        var tensors: [SafetensorsTensor] = []
        tensors.reserveCapacity(header.tensors.count)
        for info in header.tensors {
            let range = (start + info.dataOffsets.lowerBound)..<(start + info.dataOffsets.upperBound)
            tensors.append(
                try SafetensorsTensor(name: info.name, dtype: info.dtype, shape: info.shape, data: bytes[range]))
        }
        self.metadata = header.metadata
        self.tensors = tensors
    }

    /// A file holding `tensors` and `metadata`.
    /// - Throws: `duplicateName` when two tensors share a name (compared as UTF-8 bytes);
    ///   `invalidArgument` for a tensor named `__metadata__`.
    public init(tensors: [SafetensorsTensor], metadata: [String: String] = [:]) throws(FormatsError) {
        var names = Set<[UInt8]>()
        for tensor in tensors {
            guard tensor.name != SafetensorsFormat.metadataKey else {
                throw FormatsError(.invalidArgument, "a tensor cannot be named \"__metadata__\" in safetensors")
            }
            guard names.insert(Array(tensor.name.utf8)).inserted else {
                throw FormatsError(.duplicateName, "tensor \(quoted(tensor.name)) is given twice")
            }
        }
        self.metadata = metadata
        self.tensors = tensors
    }

    /// The tensor called `name` (compared as UTF-8 bytes), or nil.
    /// - Complexity: O(t) in the number of tensors.
    public subscript(name: String) -> SafetensorsTensor? {
        tensors.first { $0.name.utf8.elementsEqual(name.utf8) }
    }

    /// The header ``encode()`` writes: tensors in canonical order with their offsets.
    public var canonicalHeader: SafetensorsHeader { layout().header }

    /// The canonical bytes of this file (see ``SafetensorsFormat``): deterministic, aligned, and
    /// equal to what safetensors' `save` writes for the same tensors and metadata of at most one key.
    /// - Complexity: O(n + t log t) for n bytes of data in t tensors.
    public func encode() -> [UInt8] {
        let (header, json, ordered) = layout()
        var bytes: [UInt8] = []
        bytes.reserveCapacity(header.fileLength)
        let length = UInt64(json.count)
        for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: length >> UInt64(shift))) }
        bytes += json
        for tensor in ordered { bytes += tensor.data }
        return bytes
    }

    /// The tensors in canonical order, the header that places them, and its padded JSON.
    private func layout() -> (header: SafetensorsHeader, json: [UInt8], ordered: [SafetensorsTensor]) {
        let ordered = tensors.sorted(by: SafetensorsFormat.writeOrder)
        var offset = 0
        let infos = ordered.map { tensor in
            defer { offset += tensor.data.count }
            return SafetensorsTensorInfo(
                name: tensor.name, dtype: tensor.dtype, shape: tensor.shape,
                dataOffsets: offset..<(offset + tensor.data.count))
        }
        let json = SafetensorsFile.headerJSON(infos, metadata: metadata)
        return (SafetensorsHeader(metadata: metadata, tensors: infos, headerLength: json.count), json, ordered)
    }

    /// The header JSON for `infos` in order, padded with spaces to a multiple of 8 bytes.
    private static func headerJSON(_ infos: [SafetensorsTensorInfo], metadata: [String: String]) -> [UInt8] {
        var json: [UInt8] = [UInt8(ascii: "{")]
        var first = true
        func separate() {
            if !first { json.append(UInt8(ascii: ",")) }
            first = false
        }
        if !metadata.isEmpty {
            separate()
            SafetensorsFormat.appendJSONString(SafetensorsFormat.metadataKey, to: &json)
            json += Array(":{".utf8)
            let keys = metadata.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            for (index, key) in keys.enumerated() {
                if index > 0 { json.append(UInt8(ascii: ",")) }
                SafetensorsFormat.appendJSONString(key, to: &json)
                json.append(UInt8(ascii: ":"))
                SafetensorsFormat.appendJSONString(metadata[key] ?? "", to: &json)
            }
            json.append(UInt8(ascii: "}"))
        }
        for info in infos {
            separate()
            SafetensorsFormat.appendJSONString(info.name, to: &json)
            json += Array(":{\"dtype\":".utf8)
            SafetensorsFormat.appendJSONString(info.dtype.rawValue, to: &json)
            json += Array(",\"shape\":".utf8)
            SafetensorsFormat.appendJSONIntegers(info.shape, to: &json)
            json += Array(",\"data_offsets\":".utf8)
            SafetensorsFormat.appendJSONIntegers([info.dataOffsets.lowerBound, info.dataOffsets.upperBound], to: &json)
            json.append(UInt8(ascii: "}"))
        }
        json.append(UInt8(ascii: "}"))
        let padding =
            (SafetensorsFormat.alignment - json.count % SafetensorsFormat.alignment) % SafetensorsFormat.alignment
        json += [UInt8](repeating: UInt8(ascii: " "), count: padding)
        return json
    }
}
