import Foundation

/// What installing or uninstalling did to one hook file.
public struct HookChange: Sendable, Equatable {
    public enum Action: String, Sendable {
        case installed, chained, updated, unchanged, removed, restored, skipped
    }
    public var hook: String
    public var action: Action
    /// Why a hook was skipped.
    public var note: String?
}

/// Installs and removes mlv's hook stubs in git's hooks folder (`core.hooksPath` honoured).
///
/// A stub is a few lines of shell that call `mlv git hook <name> "$@"`. A hook that was there
/// before is renamed to `<name>.mlv-chained` (bytes and mode untouched) and run by the stub
/// first, with the same arguments and stdin; its non-zero exit status stops the hook with that
/// status. Installing twice changes nothing; uninstalling renames the chained hooks back.
public struct HookInstaller: Sendable {
    public let git: GitRepository
    /// Suffix of a hook that mlv's stub runs first.
    public static let chainedSuffix = ".mlv-chained"
    /// The line that marks a file as mlv's stub.
    static let marker = "# mlv-hook-stub 1"

    public init(git: GitRepository) {
        self.git = git
    }

    /// The stub's exact text for `hook`.
    public static func stub(for hook: Hook) -> String {
        let name = hook.rawValue
        let missingStatus = hook.canRefuse ? 1 : 0
        let consequence = hook.canRefuse ? "refusing to go on" : "mlv data was not updated"
        var lines = [
            "#!/bin/sh",
            marker,
            "# Installed by 'mlv git install'; 'mlv git uninstall' puts back what was here before.",
            "# All logic is in the mlv binary (docs/GIT.md, \"Hooks\").",
            "chained=\"$(dirname \"$0\")/\(name)\(chainedSuffix)\"",
        ]
        let feed = hook.readsInput ? " <\"$input\"" : ""
        if hook.readsInput {
            lines += [
                "input=\"$(mktemp \"${TMPDIR:-/tmp}/mlv-hook.XXXXXX\")\" || exit 1",
                "trap 'rm -f \"$input\"' EXIT",
                "cat >\"$input\"",
            ]
        }
        lines += [
            "if [ -x \"$chained\" ]; then",
            "    \"$chained\" \"$@\"\(feed) || exit $?",
            "fi",
            "if ! command -v mlv >/dev/null 2>&1; then",
            "    echo \"mlv: 'mlv' is not on PATH, so git's \(name) hook cannot run it (\(consequence)); install mlv or add it to PATH, or remove mlv's hooks with 'mlv git uninstall'\" >&2",
            "    exit \(missingStatus)",
            "fi",
            hook.readsInput ? "mlv git hook \(name) \"$@\"\(feed)" : "exec mlv git hook \(name) \"$@\"",
        ]
        return lines.joined(separator: "\n") + "\n"
    }

    /// Installs every stub; see the type's summary for chaining and idempotency.
    /// - Throws: `.hookConflict` when a foreign hook and a chained one both exist (nothing is moved).
    public func install() throws -> [HookChange] {
        let folder = try git.hooksDirectory()
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw GitError(.io, "cannot create the hooks folder '\(folder.path)': \(error.localizedDescription)")
        }
        // Check everything first, so that a conflict leaves all hooks as they were.
        for hook in Hook.allCases {
            let path = folder.appendingPathComponent(hook.rawValue).path
            let chained = path + HookInstaller.chainedSuffix
            if exists(path), !isStub(path), exists(chained) {
                throw GitError(
                    .hookConflict,
                    "both '\(path)' and '\(chained)' exist, so mlv cannot chain the \(hook.rawValue) hook",
                    hint: "merge them into one hook, then run 'mlv git install' again")
            }
        }
        var changes: [HookChange] = []
        for hook in Hook.allCases {
            let path = folder.appendingPathComponent(hook.rawValue).path
            let stub = HookInstaller.stub(for: hook)
            if exists(path) {
                if isStub(path) {
                    if FileManager.default.contents(atPath: path) == Data(stub.utf8) {
                        changes.append(HookChange(hook: hook.rawValue, action: .unchanged))
                        continue
                    }
                    try writeStub(stub, at: path, in: folder)
                    changes.append(HookChange(hook: hook.rawValue, action: .updated))
                    continue
                }
                try rename(path, to: path + HookInstaller.chainedSuffix)
                try writeStub(stub, at: path, in: folder)
                changes.append(HookChange(hook: hook.rawValue, action: .chained))
                continue
            }
            try writeStub(stub, at: path, in: folder)
            changes.append(HookChange(hook: hook.rawValue, action: .installed))
        }
        return changes
    }

    /// Removes mlv's stubs and puts chained hooks back under their names. Hooks that are not
    /// mlv's stubs are left alone.
    public func uninstall() throws -> [HookChange] {
        let folder = try git.hooksDirectory()
        var changes: [HookChange] = []
        for hook in Hook.allCases {
            let path = folder.appendingPathComponent(hook.rawValue).path
            let chained = path + HookInstaller.chainedSuffix
            if exists(path) && !isStub(path) {
                let note = exists(chained) ? "'\(path)' is not mlv's stub; '\(chained)' was left too" : nil
                changes.append(HookChange(hook: hook.rawValue, action: .skipped, note: note))
                continue
            }
            let hadStub = exists(path)
            if exists(chained) {
                // rename(2) replaces the stub in one step: the hook is never missing in between.
                try rename(chained, to: path)
                changes.append(HookChange(hook: hook.rawValue, action: .restored))
            } else if hadStub {
                guard unsafe unlink(path) == 0 else {
                    throw GitError(.io, "cannot remove '\(path)': \(unsafe String(cString: strerror(errno)))")
                }
                changes.append(HookChange(hook: hook.rawValue, action: .removed))
            }
        }
        return changes
    }

    private func exists(_ path: String) -> Bool {
        var info = stat()
        return unsafe lstat(path, &info) == 0
    }

    private func isStub(_ path: String) -> Bool {
        guard let data = FileManager.default.contents(atPath: path) else { return false }
        return String(decoding: data.prefix(256), as: UTF8.self).contains(HookInstaller.marker)
    }

    private func rename(_ from: String, to: String) throws {
        guard unsafe Foundation.rename(from, to) == 0 else {
            throw GitError(.io, "cannot rename '\(from)' to '\(to)': \(unsafe String(cString: strerror(errno)))")
        }
    }

    /// Writes the stub beside its final place, makes it executable, then renames it there.
    private func writeStub(_ text: String, at path: String, in folder: URL) throws {
        let temp = folder.appendingPathComponent(".mlv-hook-\(UUID().uuidString)").path
        guard FileManager.default.createFile(atPath: temp, contents: Data(text.utf8)),
            unsafe chmod(temp, 0o755) == 0
        else {
            try? FileManager.default.removeItem(atPath: temp)
            throw GitError(.io, "cannot write a hook in '\(folder.path)'")
        }
        do {
            try rename(temp, to: path)
        } catch {
            try? FileManager.default.removeItem(atPath: temp)
            throw error
        }
    }
}

extension HookInstaller {
    /// git config that routes `filter=mlv` and `diff=mlv` paths through mlv.
    public static let filterConfig: [(key: String, value: String)] = [
        ("filter.mlv.process", "mlv git filter-process"),
        ("filter.mlv.required", "true"),
        ("diff.mlv.textconv", "mlv git textconv"),
    ]

    /// Sets ``filterConfig`` in the repository's git config (`.git/config`), and keeps git
    /// from listing mlv's store: `/.mlv/` goes into `.git/info/exclude` (not versioned).
    public func installFilter() throws {
        for (key, value) in HookInstaller.filterConfig { try git.run(["config", "--local", key, value]) }
        let path = String(decoding: try git.run(["rev-parse", "--git-path", "info/exclude"]), as: UTF8.self)
            .trimmingCharacters(in: .newlines)
        let exclude = path.hasPrefix("/") ? URL(fileURLWithPath: path) : git.root.appendingPathComponent(path)
        let text = FileManager.default.contents(atPath: exclude.path).map { String(decoding: $0, as: UTF8.self) } ?? ""
        guard !text.split(separator: "\n").contains("/.mlv/") else { return }
        let updated = text + (text.isEmpty || text.hasSuffix("\n") ? "" : "\n") + "/.mlv/\n"
        do {
            try FileManager.default.createDirectory(
                at: exclude.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(updated.utf8).write(to: exclude, options: .atomic)
        } catch {
            throw GitError(.io, "cannot write '\(exclude.path)': \(error.localizedDescription)")
        }
    }

    /// Removes the keys of ``filterConfig`` that still hold mlv's values.
    public func uninstallFilter() throws {
        for (key, value) in HookInstaller.filterConfig where try git.config(key) == value {
            try git.run(["config", "--local", "--unset", key])
        }
    }
}
