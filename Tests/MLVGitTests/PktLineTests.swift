import Foundation
import MLVGit
import MLVTestSupport
import Testing

@Suite struct PktLineTests {
    /// A file handle reading `bytes`.
    func handle(_ bytes: [UInt8], in folder: TempDirectory) throws -> FileHandle {
        let url = folder.appending("input-\(UUID().uuidString)")
        try Data(bytes).write(to: url)
        return try FileHandle(forReadingFrom: url)
    }

    @Test("writes text, split data and flushes that the reader reads back")
    func roundTrip() throws {
        let folder = try TempDirectory(prefix: "pkt")
        let url = folder.appending("out")
        #expect(FileManager.default.createFile(atPath: url.path, contents: nil))
        let out = try FileHandle(forWritingTo: url)
        let writer = PktLineWriter(out)
        let big = [UInt8](repeating: 7, count: PktLine.maxPayload + 10)
        try writer.text("version=2")
        try writer.flushPacket()
        try writer.data(big)
        try writer.data([])
        try writer.flushPacket()
        try out.close()
        let written = [UInt8](try Data(contentsOf: url))
        #expect(Array(written.prefix(14)) == Array("000eversion=2\n".utf8))
        let reader = PktLineReader(try FileHandle(forReadingFrom: url))
        #expect(try reader.textList() == ["version=2"])
        #expect(try reader.next() == .data(Array(big.prefix(PktLine.maxPayload))))
        #expect(try reader.next() == .data(Array(big.suffix(10))))
        #expect(try reader.next() == .flush)
        #expect(try reader.next() == nil)
    }

    @Test(
        "rejects malformed framing",
        arguments: [
            (Array("zz01".utf8), "is not hexadecimal"),
            (Array("0003".utf8), "out of range"),
            (Array("fff5".utf8) + [UInt8](repeating: 0, count: 10), "out of range"),
            (Array("000ashort".utf8), "input ended inside a pkt-line"),
            (Array("00".utf8), "input ended inside a pkt-line"),
        ])
    func malformed(bytes: [UInt8], expected: String) throws {
        let folder = try TempDirectory(prefix: "pkt")
        let reader = PktLineReader(try handle(bytes, in: folder))
        #expect {
            _ = try reader.next()
        } throws: { error in
            guard let error = error as? GitError else { return false }
            return error.code == .protocolError && error.message.contains(expected)
        }
    }
}
