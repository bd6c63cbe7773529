import Foundation
import MLVGit
import MLVStorage
import MLVTestSupport
import Testing

/// `filter=mlv` through the real git: clean stores content in mlv, smudge writes it back.
@Suite struct FilterTests {
    func filteredRepository(_ f: GitFixture) throws -> URL {
        let root = try f.sandbox.initRepository()
        let installed = try f.mlv(0, ["git", "install", "--filter", "--no-hooks"], in: root)
        #expect(installed.stdout.contains("filter: installed"))
        try f.write(root, ".gitattributes", "*.bin filter=mlv diff=mlv\n")
        return root
    }

    @Test("100 files, empty and 1-byte ones included, survive add, commit, rm and checkout byte for byte")
    func hundredFiles() throws {
        let f = try GitFixture()
        let root = try filteredRepository(f)
        var rng = SplitMix64(seed: 42)
        var files: [String: [UInt8]] = [:]
        for index in 0..<100 {
            let size = index == 0 ? 0 : index == 1 ? 1 : index == 2 ? 70_000 : rng.int(in: 2...3000)
            files["d\(index % 4)/f\(index).bin"] = rng.bytes(size)
        }
        for (path, bytes) in files { try f.write(root, path, bytes) }
        try f.git(["add", "."], in: root)
        try f.git(["commit", "-q", "-m", "data"], in: root)
        // git holds pointers (and the empty file as it is).
        let pointer = try f.git(["cat-file", "blob", "HEAD:d2/f2.bin"], in: root)
        #expect(pointer.hasPrefix("version mlv-pointer/1\nfile "))
        #expect(pointer.hasSuffix("\nsize 70000\n") && pointer.utf8.count < 200)
        #expect(try f.git(["cat-file", "-s", "HEAD:d0/f0.bin"], in: root) == "0\n")
        #expect(try f.git(["status", "--porcelain"], in: root).isEmpty)
        for folder in ["d0", "d1", "d2", "d3"] {
            try FileManager.default.removeItem(at: root.appendingPathComponent(folder))
        }
        try f.git(["checkout", "--", "."], in: root)
        for (path, bytes) in files { #expect(f.sandbox.read(root, path) == bytes, "\(path)") }
        #expect(try f.git(["status", "--porcelain"], in: root).isEmpty)
        #expect(try f.git(["fsck", "--no-progress"], in: root).isEmpty)
        // gc keeps what git's pointers name.
        try f.mlv(0, ["gc"], in: root)
        try FileManager.default.removeItem(at: root.appendingPathComponent("d2"))
        try f.git(["checkout", "--", "."], in: root)
        for (path, bytes) in files where path.hasPrefix("d2/") {
            #expect(f.sandbox.read(root, path) == bytes, "\(path)")
        }
        try f.mlv(0, ["fsck"], in: root)
    }

    @Test("a file of several megabytes streams through clean and smudge in many batches")
    func largeFile() throws {
        let f = try GitFixture()
        let root = try filteredRepository(f)
        var rng = SplitMix64(seed: 9)
        let bytes = rng.bytes(5_000_000)
        try f.write(root, "big.bin", bytes)
        try f.git(["add", "."], in: root)
        try f.git(["commit", "-q", "-m", "big"], in: root)
        #expect(try f.git(["cat-file", "blob", "HEAD:big.bin"], in: root).hasSuffix("\nsize 5000000\n"))
        try FileManager.default.removeItem(at: root.appendingPathComponent("big.bin"))
        try f.git(["checkout", "--", "big.bin"], in: root)
        #expect(f.sandbox.read(root, "big.bin") == bytes)
        #expect(try f.git(["status", "--porcelain"], in: root).isEmpty)
    }

    @Test("a malformed pointer fails the checkout with a clear message and is not written as content")
    func malformedPointer() throws {
        let f = try GitFixture()
        let root = try filteredRepository(f)
        try f.write(root, "a.bin", "version mlv-pointer/1\nfile nothex\nsize 3\n")
        // clean keeps pointer-looking content as data only when it parses; this one is stored.
        try f.git(["add", "a.bin"], in: root)
        // Write a broken pointer straight into git, bypassing clean.
        let broken = "version mlv-pointer/1\nfile \(String(repeating: "z", count: 64))\nsize 3\n"
        try f.write(f.sandbox.scratch.url, "broken", broken)
        let blob = try f.git(
            ["hash-object", "-w", "--no-filters", f.sandbox.scratch.appending("broken").path], in: root
        )
        .trimmingCharacters(in: .whitespacesAndNewlines)
        try f.git(["update-index", "--add", "--cacheinfo", "100644,\(blob),b.bin"], in: root)
        try f.git(["commit", "-q", "-m", "broken"], in: root)
        let failed = try f.git(["checkout", "--", "b.bin"], in: root, status: 128)
        #expect(
            failed.contains("mlv: 'b.bin' is a malformed mlv pointer: line 2 is not 'file <64 hex digits>'"),
            "\(failed)")
        #expect(f.sandbox.read(root, "b.bin") == nil)
    }

    @Test("an object missing on smudge fails naming the file and object; pointers never become content")
    func missingObject() throws {
        let f = try GitFixture()
        let root = try filteredRepository(f)
        try f.write(root, "w.bin", [UInt8](repeating: 9, count: 5000))
        try f.git(["add", "w.bin", ".gitattributes"], in: root)
        try f.git(["commit", "-q", "-m", "w"], in: root)
        let clone = f.sandbox.scratch.appending("clone")
        let cloned = try f.sandbox.git(["clone", "-q", root.path, clone.path], in: f.sandbox.scratch.url, check: false)
        // The clone has no filter config yet: it checks out the pointer as git stores it.
        #expect(cloned.status == 0)
        try f.mlv(0, ["git", "install", "--filter", "--no-hooks"], in: clone)
        try FileManager.default.removeItem(at: clone.appendingPathComponent("w.bin"))
        let failed = try f.git(["checkout", "--", "w.bin"], in: clone, status: 128)
        #expect(failed.contains("mlv: cannot check out 'w.bin': file "), "\(failed)")
        #expect(failed.contains("is not available") || failed.contains("is missing"))
        #expect(f.sandbox.read(clone, "w.bin") == nil)
        // With the store copied, the same checkout works.
        try? FileManager.default.removeItem(at: clone.appendingPathComponent(".mlv"))
        try FileManager.default.copyItem(
            at: root.appendingPathComponent(".mlv"), to: clone.appendingPathComponent(".mlv"))
        try f.git(["checkout", "--", "w.bin"], in: clone)
        #expect(f.sandbox.read(clone, "w.bin") == [UInt8](repeating: 9, count: 5000))
    }

    @Test("textconv shows tensors and rows, so git diff is not 'Binary files differ'")
    func textconvDiff() throws {
        let f = try GitFixture()
        let root = try filteredRepository(f)
        try f.write(root, ".gitattributes", "*.safetensors filter=mlv diff=mlv\n*.csv filter=mlv diff=mlv\n")
        try f.write(root, "m.safetensors", Self.safetensors(["w": [2, 2]]))
        try f.write(root, "t.csv", "id,x\n1,a\n2,b\n")
        try f.git(["add", "."], in: root)
        try f.git(["commit", "-q", "-m", "v1"], in: root)
        try f.write(root, "m.safetensors", Self.safetensors(["w": [2, 2], "b": [2]]))
        try f.write(root, "t.csv", "id,x\n1,a\n2,c\n")
        let diff = try f.git(["diff"], in: root)
        #expect(!diff.contains("Binary files"))
        #expect(diff.contains("-safetensors: 1 tensors\n+safetensors: 2 tensors\n+tensor b F32 [2] sha256:"), "\(diff)")
        #expect(diff.contains("-2\tb\n+2\tc\n"), "\(diff)")
    }

    /// A safetensors file of zero-filled F32 tensors with the given shapes.
    static func safetensors(_ shapes: [String: [Int]]) -> [UInt8] {
        var offset = 0
        var fields: [String] = []
        for name in shapes.keys.sorted() {
            let count = shapes[name, default: []].reduce(1, *) * 4
            let shape = shapes[name, default: []].map(String.init).joined(separator: ",")
            fields.append(
                "\"\(name)\":{\"dtype\":\"F32\",\"shape\":[\(shape)],\"data_offsets\":[\(offset),\(offset + count)]}")
            offset += count
        }
        var header = Array("{\(fields.joined(separator: ","))}".utf8)
        while header.count % 8 != 0 { header.append(UInt8(ascii: " ")) }
        var bytes: [UInt8] = []
        for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: header.count >> shift)) }
        return bytes + header + [UInt8](repeating: 0, count: offset)
    }
}
