import Foundation
import MLVObjects
import MLVStorage

/// What a ref file holds.
public enum RefValue: Sendable, Equatable {
    case direct(ObjectID)
    case symbolic(RefName)
}

/// What an update expects to find, for compare-and-swap.
public enum RefExpectation: Sendable, Equatable {
    /// Any value, or none.
    case any
    /// The ref must not exist.
    case absent
    /// The ref must hold exactly this id.
    case value(ObjectID)
}

/// Refs as files under `.mlv/` (docs/FORMAT.md §8), updated by lock file + rename with
/// compare-and-swap, each change logged in the reflog.
public struct RefStore: Sendable {
    public let layout: RepositoryLayout

    public init(layout: RepositoryLayout) {
        self.layout = layout
    }

    /// The raw value of `ref`, or nil when it does not exist.
    public func read(_ ref: RefName) throws -> RefValue? {
        let url = layout.file(for: ref)
        guard let data = FileManager.default.contents(atPath: url.path) else { return nil }
        guard let text = String(data: data, encoding: .utf8), text.hasSuffix("\n") else {
            throw RepositoryError(.corrupt, "ref '\(ref)' in '\(url.path)' is not a newline-terminated line")
        }
        let line = text.dropLast()
        if line.hasPrefix("ref: ") {
            guard let target = RefName(String(line.dropFirst(5))) else {
                throw RepositoryError(.corrupt, "ref '\(ref)' points to an invalid name '\(line.dropFirst(5))'")
            }
            return .symbolic(target)
        }
        guard let id = ObjectID(hex: line) else {
            throw RepositoryError(.corrupt, "ref '\(ref)' holds '\(line)', which is not an object id")
        }
        return .direct(id)
    }

    /// Follows symbolic refs to the final ref name and its id (nil for an unborn branch).
    public func resolve(_ ref: RefName) throws -> (ref: RefName, id: ObjectID?) {
        var current = ref
        for _ in 0..<5 {
            switch try read(current) {
            case .none: return (current, nil)
            case .direct(let id): return (current, id)
            case .symbolic(let target): current = target
            }
        }
        throw RepositoryError(.corrupt, "ref '\(ref)' is a symbolic ref loop")
    }

    /// Sets `ref` to `new` if it currently matches `expected`; logs the change.
    public func update(
        _ ref: RefName, to new: ObjectID, expecting expected: RefExpectation, log: ReflogEntryContext
    ) throws {
        try withLock(ref) { lock in
            let old = try currentDirectValue(ref)
            try check(ref, old: old, expected: expected)
            try lock.commit(contents: Array("\(new)\n".utf8))
            try appendReflog(ref, old: old ?? .zero, new: new, context: log)
        }
    }

    /// Deletes `ref` if it currently matches `expected`, with its reflog.
    public func delete(_ ref: RefName, expecting expected: RefExpectation) throws {
        try withLock(ref) { _ in
            let old = try currentDirectValue(ref)
            try check(ref, old: old, expected: expected)
            try? FileManager.default.removeItem(at: layout.file(for: ref))
            try? FileManager.default.removeItem(at: layout.log(for: ref))
        }
        // After the lock is gone: `<ref>.lock` sits in the same folder and kept it non-empty, and a
        // leftover folder `refs/heads/a` would block creating the branch `a` later.
        removeEmptyParents(of: layout.file(for: ref), upTo: layout.refs)
        removeEmptyParents(of: layout.log(for: ref), upTo: layout.logs)
    }

    /// Points HEAD at a branch (`ref: refs/heads/x`) or detaches it at an id.
    public func setHead(_ value: RefValue, log: ReflogEntryContext) throws {
        let oldID = try resolve(.head).id ?? .zero
        try withLock(.head) { lock in
            switch value {
            case .symbolic(let target):
                try lock.commit(contents: Array("ref: \(target)\n".utf8))
                let newID = try resolve(target).id ?? .zero
                if newID != .zero || oldID != .zero {
                    try appendReflog(.head, old: oldID, new: newID, context: log)
                }
            case .direct(let id):
                try lock.commit(contents: Array("\(id)\n".utf8))
                try appendReflog(.head, old: oldID, new: id, context: log)
            }
        }
    }

    /// All refs under `prefix` (for example `refs/heads/`), sorted by name.
    public func list(prefix: String) throws -> [(name: RefName, id: ObjectID)] {
        let base = layout.mlv
        let start = base.appendingPathComponent(prefix)
        guard let walker = FileManager.default.enumerator(at: start, includingPropertiesForKeys: [.isRegularFileKey])
        else { return [] }
        var result = [(name: RefName, id: ObjectID)]()
        for case let url as URL in walker {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true,
                !url.lastPathComponent.hasSuffix(".lock")
            else { continue }
            let relative = String(url.standardizedFileURL.path.dropFirst(base.path.count + 1))
            guard let name = RefName(relative) else { continue }
            if case .direct(let id) = try read(name) { result.append((name, id)) }
        }
        return result.sorted { $0.name < $1.name }
    }

    // MARK: - Internals

    private func currentDirectValue(_ ref: RefName) throws -> ObjectID? {
        switch try read(ref) {
        case .none: return nil
        case .direct(let id): return id
        case .symbolic: throw RepositoryError(.refConflict, "ref '\(ref)' is symbolic and cannot be set to an id")
        }
    }

    private func check(_ ref: RefName, old: ObjectID?, expected: RefExpectation) throws {
        switch expected {
        case .any: return
        case .absent:
            if let old {
                throw RepositoryError(.refConflict, "ref '\(ref)' already exists at \(old.abbreviated)")
            }
        case .value(let want):
            guard old == want else {
                let found = old.map { $0.abbreviated } ?? "nothing"
                throw RepositoryError(
                    .refConflict,
                    "ref '\(ref)' changed underneath: expected \(want.abbreviated), found \(found)",
                    hint: "another mlv process updated it; retry the command")
            }
        }
    }

    private func withLock(_ ref: RefName, _ body: (LockFile) throws -> Void) throws {
        let url = layout.file(for: ref)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let lock = try LockFile(acquiring: url)
        defer { lock.release() }
        try body(lock)
    }

    private func appendReflog(_ ref: RefName, old: ObjectID, new: ObjectID, context: ReflogEntryContext) throws {
        let entry = ReflogEntry(old: old, new: new, who: context.who, message: context.message)
        try Reflog.append(entry, to: layout.log(for: ref))
        // A branch update through HEAD is logged on HEAD too, as git does.
        if ref != .head, case .symbolic(let target) = try read(.head), target == ref {
            try Reflog.append(entry, to: layout.log(for: .head))
        }
    }

    private func removeEmptyParents(of url: URL, upTo stop: URL) {
        var dir = url.deletingLastPathComponent().standardizedFileURL
        while dir.path.count > stop.standardizedFileURL.path.count {
            guard (try? FileManager.default.contentsOfDirectory(atPath: dir.path))?.isEmpty == true else { return }
            try? FileManager.default.removeItem(at: dir)
            dir = dir.deletingLastPathComponent()
        }
    }
}
