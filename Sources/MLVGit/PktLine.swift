import Foundation

/// git's pkt-line framing (gitprotocol-common(5)): a 4-digit lowercase hex length that counts
/// itself, then the payload; `0000` is a flush packet. Payloads hold at most 65516 bytes.
public enum PktLine {
    /// The largest payload of one packet.
    public static let maxPayload = 65516

    /// One packet read.
    public enum Packet: Sendable, Equatable {
        case data([UInt8])
        case flush
    }
}

/// Reads pkt-lines from a file handle through a buffer.
///
/// Thread-safety: `@unchecked Sendable` so that a file's content can be read on a prefetch
/// thread (`ContentPrefetch`); it is used by one thread at a time, handed over with the
/// prefetch's start and end.
public final class PktLineReader: @unchecked Sendable {
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private var position = 0

    public init(_ handle: FileHandle) {
        self.handle = handle
    }

    /// The next packet, or nil at a clean end of input (between packets).
    /// - Throws: `.protocolError` for a bad length or input that ends inside a packet.
    public func next() throws -> PktLine.Packet? {
        guard let header = try take(4, allowEnd: true) else { return nil }
        var length = 0
        for byte in header {
            let digit: Int
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = Int(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = Int(byte - UInt8(ascii: "a")) + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = Int(byte - UInt8(ascii: "A")) + 10
            default:
                throw GitError(
                    .protocolError, "pkt-line length '\(String(decoding: header, as: UTF8.self))' is not hexadecimal")
            }
            length = length * 16 + digit
        }
        if length == 0 { return .flush }
        guard length > 4, length - 4 <= PktLine.maxPayload else {
            throw GitError(.protocolError, "pkt-line length \(length) is out of range")
        }
        guard let payload = try take(length - 4, allowEnd: false) else {
            throw GitError(.protocolError, "input ended inside a pkt-line")
        }
        return .data(payload)
    }

    /// The text of a data packet without its trailing newline, or nil for a flush.
    /// - Throws: `.protocolError` when the input ends.
    public func nextText() throws -> String? {
        switch try next() {
        case .flush: return nil
        case .data(let bytes):
            let trimmed = bytes.last == UInt8(ascii: "\n") ? bytes.dropLast() : bytes[...]
            return String(decoding: trimmed, as: UTF8.self)
        case nil: throw GitError(.protocolError, "input ended where a pkt-line was expected")
        }
    }

    /// Text packets up to the next flush.
    public func textList() throws -> [String] {
        var lines: [String] = []
        while let line = try nextText() { lines.append(line) }
        return lines
    }

    private func take(_ count: Int, allowEnd: Bool) throws -> [UInt8]? {
        while buffer.count - position < count {
            if position > 0 {
                buffer.removeSubrange(0..<position)
                position = 0
            }
            // One read(2) at a time: FileHandle.read(upToCount:) waits for the whole count on a pipe.
            let more = handle.availableData
            if more.isEmpty {
                if buffer.isEmpty && allowEnd { return nil }
                throw GitError(.protocolError, "input ended inside a pkt-line")
            }
            buffer += more
        }
        let bytes = Array(buffer[position..<(position + count)])
        position += count
        return bytes
    }
}

/// Writes pkt-lines to a file handle through a buffer; ``flush()`` sends what is buffered.
public final class PktLineWriter {
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private static let hex = Array("0123456789abcdef".utf8)

    public init(_ handle: FileHandle) {
        self.handle = handle
    }

    /// Appends data packets for `bytes`, split at ``PktLine/maxPayload``; nothing for no bytes.
    public func data(_ bytes: [UInt8]) throws {
        var start = 0
        while start < bytes.count {
            let end = min(bytes.count, start + PktLine.maxPayload)
            let length = end - start + 4
            for shift in [12, 8, 4, 0] { buffer.append(PktLineWriter.hex[(length >> shift) & 0xF]) }
            buffer += bytes[start..<end]
            start = end
            if buffer.count >= 1024 * 1024 { try send() }
        }
    }

    /// Appends one text packet (`text` plus a newline).
    public func text(_ text: String) throws {
        try data(Array((text + "\n").utf8))
    }

    /// Appends a flush packet and sends everything buffered.
    public func flushPacket() throws {
        buffer += Array("0000".utf8)
        try send()
    }

    private func send() throws {
        guard !buffer.isEmpty else { return }
        try handle.write(contentsOf: buffer)
        buffer.removeAll(keepingCapacity: true)
    }
}
