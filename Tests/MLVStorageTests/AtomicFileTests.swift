import Foundation
import Testing

@testable import MLVStorage

@Suite struct AtomicFileTests {
    @Test("writes new contents and leaves no temporary file")
    func writesAndCleansUp() throws {
        let scratch = try ScratchDirectory()
        let tmp = scratch.url.appendingPathComponent("tmp")
        try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
        let target = scratch.url.appendingPathComponent("HEAD")
        try AtomicFile.write(Array("one\n".utf8), to: target, temporaryDirectory: tmp)
        try AtomicFile.write(Array("two\n".utf8), to: target, temporaryDirectory: tmp)
        #expect(try String(contentsOf: target, encoding: .utf8) == "two\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: tmp.path).isEmpty)
    }

    @Test("fails with .io naming the path when the temporary directory is missing")
    func missingTemporaryDirectory() throws {
        let scratch = try ScratchDirectory()
        let target = scratch.url.appendingPathComponent("HEAD")
        let error = #expect(throws: StorageError.self) {
            try AtomicFile.write([1], to: target, temporaryDirectory: scratch.url.appendingPathComponent("nope"))
        }
        #expect(error?.code == .io)
        #expect(error?.message.contains("nope") == true)
        #expect(!FileManager.default.fileExists(atPath: target.path))
    }
}
