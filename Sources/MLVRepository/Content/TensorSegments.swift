import MLVFormats
import MLVStorage

/// One part of a file that is chunked on its own, with the codec hint for its chunks.
struct FileSegment: Equatable {
    var range: Range<UInt64>
    var hint: ContentHint
    /// Every chunk of the part starts a multiple of this many bytes after the part's start: the
    /// element width of a float tensor, so that each chunk's byte shuffle groups whole exponent
    /// bytes (docs/FORMAT-chunking.md §1.3.2); 1 elsewhere.
    var alignment = 1
}

/// Cuts tensor files at tensor boundaries (docs/FORMAT-chunking.md §1.4).
///
/// A file whose content parses as safetensors or NPY (judged by its bytes, never its name, so
/// equal content gets equal chunks and ids) is split into its header and its tensors' byte
/// ranges; each part is chunked on its own, so a tensor that did not change dedups exactly
/// however its neighbours changed. Consecutive tensors smaller than the minimum chunk size are
/// kept together, so a checkpoint of many tiny tensors does not become many tiny chunks. The
/// storage layer knows nothing of formats: this type hands it byte ranges and codec hints.
enum TensorSegments {
    /// Bytes to read from the start of a file to decide (the safetensors length field, NPY's
    /// header); more are read when a safetensors header is longer.
    static let probeLength = 64 * 1024

    /// The header bytes needed beyond `head` to parse a safetensors header, or nil when `head`
    /// is enough or the file is not safetensors.
    static func safetensorsPrefixLength(head: [UInt8], fileSize: UInt64) -> Int? {
        guard looksLikeSafetensors(head, fileSize: fileSize),
            let length = try? SafetensorsHeader.prefixLength(of: head[...]), length <= fileSize
        else { return nil }
        return length
    }

    /// Reads as much of `file`'s start as the decision needs (the probe, then a longer
    /// safetensors header) and returns the segments, nil when it is not a tensor file (or
    /// shorter than the probe), with the bytes read.
    static func read(_ file: FileReader, size: UInt64, minimumSize: Int) throws(StorageError) -> (
        segments: [FileSegment]?, head: [UInt8]
    ) {
        guard size >= UInt64(probeLength) else { return (nil, []) }
        var head = try file.read(upTo: probeLength, at: 0)
        if let needed = safetensorsPrefixLength(head: head, fileSize: size), needed > head.count {
            head = try file.read(upTo: needed, at: 0)
        }
        return (segments(head: head, fileSize: size, minimumSize: minimumSize), head)
    }

    /// The segments of a file of `fileSize` bytes whose first bytes are `head` (the whole
    /// header for safetensors), or nil when it is not a tensor file this build reads.
    static func segments(head: [UInt8], fileSize: UInt64, minimumSize: Int) -> [FileSegment]? {
        if head.starts(with: [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]) {  // "\x93NUMPY"
            guard let layout = try? NPYLayout(prefix: head[...]),
                UInt64(layout.dataStart + layout.dataLength) == fileSize
            else { return nil }
            return [
                FileSegment(range: 0..<UInt64(layout.dataStart), hint: .generic),
                tensorSegment(UInt64(layout.dataStart)..<fileSize, layout.dtype),
            ].filter { !$0.range.isEmpty }
        }
        guard looksLikeSafetensors(head, fileSize: fileSize),
            let header = try? SafetensorsHeader(parsing: head, fileLength: Int(fileSize))
        else { return nil }
        var segments = [FileSegment(range: 0..<UInt64(header.dataStart), hint: .generic)]
        let base = UInt64(header.dataStart)
        var small: (range: Range<UInt64>, floatBytes: [Int: UInt64])?
        func flushSmall() {
            guard let group = small else { return }
            let width = group.floatBytes.max { ($0.value, $1.key) < ($1.value, $0.key) }?.key
            segments.append(FileSegment(range: group.range, hint: width.map { .elements(width: $0) } ?? .generic))
            small = nil
        }
        for tensor in header.tensors {
            let range = (base + UInt64(tensor.dataOffsets.lowerBound))..<(base + UInt64(tensor.dataOffsets.upperBound))
            if range.isEmpty { continue }
            if range.count >= minimumSize {
                flushSmall()
                segments.append(tensorSegment(range, tensor.dtype))
                continue
            }
            var group = small ?? (range.lowerBound..<range.lowerBound, [:])
            group.range = group.range.lowerBound..<range.upperBound
            if case .elements(let width) = hint(for: tensor.dtype) {
                group.floatBytes[width, default: 0] += UInt64(range.count)
            }
            small = group
            if group.range.count >= minimumSize { flushSmall() }
        }
        flushSmall()
        return segments
    }

    /// The part holding one tensor's data: float tensors are cut at element boundaries and
    /// byte-shuffled by their element width.
    private static func tensorSegment(_ range: Range<UInt64>, _ dtype: DType) -> FileSegment {
        let hint = hint(for: dtype)
        guard case .elements(let width) = hint else { return FileSegment(range: range, hint: hint) }
        return FileSegment(range: range, hint: hint, alignment: width)
    }

    /// Float tensors are byte-shuffled by their element width; other data is compressed as is.
    static func hint(for dtype: DType) -> ContentHint {
        switch dtype {
        case .f64: .elements(width: 8)
        case .f32: .elements(width: 4)
        case .f16, .bf16: .elements(width: 2)
        default: .generic
        }
    }

    /// A cheap check before parsing: an 8-byte little-endian header length that fits the file,
    /// followed by `{`.
    private static func looksLikeSafetensors(_ head: [UInt8], fileSize: UInt64) -> Bool {
        guard head.count >= 9, fileSize >= 10 else { return false }
        var length: UInt64 = 0
        for i in 0..<8 { length |= UInt64(head[i]) << UInt64(8 * i) }
        return length >= 2 && length <= fileSize - 8 && head[8] == UInt8(ascii: "{")
    }
}
