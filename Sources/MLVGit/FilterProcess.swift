import Foundation
import MLVRepository
import MLVStorage

/// The server side of git's long-running filter protocol (gitattributes(5), "Long Running Filter
/// Process"; docs/PROTOCOL-git.md), for `filter.mlv.process = mlv git filter-process`.
///
/// clean stores the content in mlv's chunk store and answers with a ``Pointer``; smudge answers
/// a pointer with the file's content. Content that is not a pointer is passed through by smudge,
/// and a pointer given to clean is kept as it is. The store is opened on the first request, at
/// the worktree's root (created by clean when missing).
public final class FilterProcess {
    private let reader: PktLineReader
    private let writer: PktLineWriter
    private let root: URL
    private let report: (String) -> Void
    /// The process environment, for remote credentials (`MLV_TOKEN`, `AWS_*`) when fetching.
    private let environment: [String: String]
    private var repository: Repository?
    /// The objects of this session's cleans, committed (made durable) when git ends the session
    /// or once ``commitThreshold`` bytes are pending, not per file: a commit costs four `fsync`s,
    /// which would dominate `git add` of many small files. git itself does not `fsync` the loose
    /// objects and index that name our pointers before it exits, and it waits for this process
    /// to exit, so the deferred commit widens no window that git leaves closed (docs/GIT.md).
    private var session: ObjectWriter?
    private var pendingBytes: UInt64 = 0
    /// Bytes of cleaned content after which the session's objects are committed at once.
    static let commitThreshold: UInt64 = 64 << 20

    /// Serves the repository at `root`, reading git's requests from `input` and answering on
    /// `output`; `report` receives one-line messages for the user (git shows stderr).
    public init(
        root: URL, input: FileHandle, output: FileHandle, environment: [String: String] = [:],
        report: @escaping (String) -> Void
    ) {
        self.root = root
        self.environment = environment
        self.reader = PktLineReader(input)
        self.writer = PktLineWriter(output)
        self.report = report
    }

    /// Runs the handshake, then answers requests until git closes the input.
    public func serve() throws {
        let welcome = try reader.textList()
        guard welcome.first == "git-filter-client" else {
            throw GitError(.protocolError, "expected 'git-filter-client', got '\(welcome.first ?? "")'")
        }
        guard welcome.contains("version=2") else {
            throw GitError(.protocolError, "git offers no filter protocol version this mlv speaks (it speaks 2)")
        }
        try writer.text("git-filter-server")
        try writer.text("version=2")
        try writer.flushPacket()
        let offered = Set(try reader.textList())
        for capability in ["capability=clean", "capability=smudge"] where offered.contains(capability) {
            try writer.text(capability)
        }
        try writer.flushPacket()
        do {
            while let request = try nextRequest() {
                try answer(request)
            }
        } catch {
            // Objects stored for earlier answers are kept: git may already have recorded them.
            try? session?.commit()
            throw error
        }
        try session?.commit()
    }

    struct Request {
        var command: String
        var pathname: String
    }

    private func nextRequest() throws -> Request? {
        var lines: [String] = []
        while true {
            switch try reader.next() {
            case nil where lines.isEmpty: return nil
            case nil: throw GitError(.protocolError, "input ended inside a request")
            case .flush:
                var fields: [String: String] = [:]
                for line in lines {
                    guard let equals = line.firstIndex(of: "=") else { continue }
                    fields[String(line[..<equals])] = String(line[line.index(after: equals)...])
                }
                guard let command = fields["command"] else {
                    throw GitError(.protocolError, "request without a command: \(lines.joined(separator: ", "))")
                }
                return Request(command: command, pathname: fields["pathname"] ?? "")
            case .data(let bytes):
                let trimmed = bytes.last == UInt8(ascii: "\n") ? bytes.dropLast() : bytes[...]
                lines.append(String(decoding: trimmed, as: UTF8.self))
            }
        }
    }

    private func answer(_ request: Request) throws {
        switch request.command {
        case "clean": try clean(request.pathname)
        case "smudge": try smudge(request.pathname)
        default:
            try drainContent()
            report("mlv: filter command '\(request.command)' is not supported")
            try status("error")
        }
    }

    /// Reads content packets up to `limit` bytes or the flush; returns them and whether the flush came.
    private func readHead(limit: Int) throws -> (bytes: [UInt8], ended: Bool) {
        var head: [UInt8] = []
        while head.count <= limit {
            switch try reader.next() {
            case .flush: return (head, true)
            case .data(let bytes): head += bytes
            case nil: throw GitError(.protocolError, "input ended inside file content")
            }
        }
        return (head, false)
    }

    private func drainContent() throws {
        while true {
            switch try reader.next() {
            case .flush: return
            case .data: continue
            case nil: throw GitError(.protocolError, "input ended inside file content")
            }
        }
    }

    private func status(_ value: String) throws {
        try writer.text("status=\(value)")
        try writer.flushPacket()
    }

    /// Sends `content` as a successful answer.
    private func send(_ content: [UInt8]) throws {
        try status("success")
        try writer.data(content)
        try writer.flushPacket()
        try writer.flushPacket()
    }

    private func clean(_ path: String) throws {
        let (head, ended) = try readHead(limit: Pointer.maximumLength)
        if ended && (head.isEmpty || (try? Pointer(decoding: head, path: path)) != nil) {
            // Empty files and pointers stay as they are in git.
            try send(head)
            return
        }
        var pending: [UInt8]? = head
        // The rest of the content is read on another thread while this one stores.
        let rest = ended ? nil : ContentPrefetch(reader, path: path)
        let stored: (id: ObjectID, size: UInt64)
        do {
            let repository = try openRepository(creating: true)
            let batch = try session ?? repository.objects.makeWriter()
            session = batch
            stored = try repository.storeStream(into: batch) {
                if let first = pending {
                    pending = nil
                    return first
                }
                return try rest?.next()
            }
        } catch let error as GitError where error.code == .protocolError {
            throw error
        } catch {
            try rest?.drain()
            report("mlv: cannot store '\(path)': \(error)")
            try status("error")
            return
        }
        pendingBytes += stored.size
        if pendingBytes >= FilterProcess.commitThreshold {
            try session?.commit()
            pendingBytes = 0
        }
        try send(Pointer(file: stored.id, size: stored.size).encoded())
    }

    private func smudge(_ path: String) throws {
        let (head, ended) = try readHead(limit: Pointer.maximumLength)
        guard ended, Pointer.looksLikePointer(head) else {
            // Not a pointer: the content goes back unchanged, streamed.
            try status("success")
            try writer.data(head)
            if !ended {
                while true {
                    switch try reader.next() {
                    case .data(let bytes): try writer.data(bytes)
                    case .flush:
                        try writer.flushPacket()
                        try writer.flushPacket()
                        return
                    case nil: throw GitError(.protocolError, "input ended inside the content of '\(path)'")
                    }
                }
            }
            try writer.flushPacket()
            try writer.flushPacket()
            return
        }
        let pointer: Pointer
        do {
            pointer = try Pointer(decoding: head, path: path)
        } catch {
            report("mlv: \(error.message)")
            try status("error")
            return
        }
        let repository: Repository
        do {
            repository = try openRepository(creating: false)
        } catch {
            report(
                "mlv: cannot check out '\(path)': file \(pointer.file) is not available (no mlv store at '\(root.path)'); "
                    + MissingObjects.advice)
            try status("error")
            return
        }
        var missing = repository.missingObjects(ofFile: pointer.file)
        if !missing.isEmpty {
            do {
                if try MissingObjects.fetch(
                    commits: [], files: [pointer.file], into: repository, environment: environment)
                {
                    missing = repository.missingObjects(ofFile: pointer.file)
                }
            } catch {
                report("mlv: fetching file \(pointer.file.abbreviated) for '\(path)' failed: \(error)")
            }
        }
        guard missing.isEmpty else {
            report(
                "mlv: cannot check out '\(path)': file \(pointer.file) is missing \(missing.count) object(s) from mlv's store (first: \(missing[0])); "
                    + MissingObjects.advice)
            try status("error")
            return
        }
        do {
            let manifest = try repository.manifest(pointer.file)
            guard manifest.size == pointer.size else {
                report(
                    "mlv: '\(path)': pointer says \(pointer.size) bytes but file \(pointer.file.abbreviated) has \(manifest.size)"
                )
                try status("error")
                return
            }
        } catch {
            report("mlv: cannot check out '\(path)': \(error)")
            try status("error")
            return
        }
        try status("success")
        do {
            try repository.readFile(pointer.file) { try writer.data($0) }
        } catch {
            // Content was sent in part: git discards it on the error status.
            report("mlv: cannot check out '\(path)': \(error)")
            try writer.flushPacket()
            try status("error")
            return
        }
        try writer.flushPacket()
        try writer.flushPacket()
    }

    private func openRepository(creating: Bool) throws -> Repository {
        if let repository { return repository }
        let opened =
            creating ? try Repository.initialize(at: root).repository : try Repository(root: root)
        repository = opened
        return opened
    }
}
