import Foundation
import MLVRemote
import MLVRepository
import MLVStorage

/// The git hooks mlv installs, and what each does when git runs it (docs/GIT.md, "Hooks").
public enum Hook: String, Sendable, CaseIterable {
    case postCheckout = "post-checkout"
    case postMerge = "post-merge"
    case postRewrite = "post-rewrite"
    case preCommit = "pre-commit"
    case prePush = "pre-push"

    /// Whether git passes data on stdin, which the stub then hands to the chained hook too.
    var readsInput: Bool { self == .prePush || self == .postRewrite }

    /// Whether a failure stops git (pre-* hooks); post-* hooks only report.
    public var canRefuse: Bool { self == .preCommit || self == .prePush }
}

/// What one hook run found: lines for the user and whether git may go on.
public struct HookOutcome: Sendable {
    public var messages: [String] = []
    /// False when a pre-* hook refuses (the CLI exits 1).
    public var allowed = true
}

extension GitWorkspace {
    /// Runs `hook` as git calls it, with its `arguments` and stdin `input`.
    ///
    /// post-checkout (branch checkouts only), post-merge and post-rewrite restore the data of
    /// `mlv.lock`; their failures are reported, never thrown, since git has already moved.
    /// pre-commit checks (or records, with `git.autocommit`) the tracked data against the lock.
    /// pre-push hands the pushed commits' locks to the remote bridge.
    public func runHook(_ hook: Hook, arguments: [String], input: [UInt8], identity: Identity) throws -> HookOutcome {
        var outcome = HookOutcome()
        switch hook {
        case .postCheckout, .postMerge, .postRewrite:
            if hook == .postCheckout && arguments.count >= 3 && arguments[2] == "0" { return outcome }
            do {
                let result = try restore(identity: identity, reason: "git \(hook.rawValue): restore mlv.lock")
                if let sync = result.sync, !sync.written.isEmpty || !sync.removed.isEmpty {
                    outcome.messages.append(
                        "mlv: restored tracked data (\(sync.written.count) written, \(sync.removed.count) removed)")
                }
                if let sync = result.sync, !sync.keptModified.isEmpty {
                    outcome.messages.append(
                        "mlv: kept modified files that mlv.lock no longer has: \(sync.keptModified.map(\.rawValue).joined(separator: ", "))"
                    )
                }
            } catch let error as GitError {
                outcome.messages.append("mlv: \(error.message)")
                if let hint = error.hint { outcome.messages.append("mlv: hint: \(hint)") }
            } catch {
                outcome.messages.append("mlv: cannot restore the data of mlv.lock: \(error)")
            }
        case .preCommit:
            let autocommit = ["true", "yes", "on", "1"].contains(
                repository.config["git.autocommit"]?.lowercased() ?? "")
            do {
                let result = try preCommit(identity: identity, autocommit: autocommit)
                if let commit = result.committed {
                    outcome.messages.append(
                        "mlv: recorded \(result.changed.count) changed file(s) as mlv commit \(commit.abbreviated) and staged mlv.lock"
                    )
                } else if result.stagedLock {
                    outcome.messages.append("mlv: staged mlv.lock")
                }
            } catch let error as GitError where error.code == .lockOutOfDate {
                outcome.allowed = false
                outcome.messages.append("mlv: \(error.message)")
                if let hint = error.hint { outcome.messages.append("mlv: hint: \(hint)") }
            }
        case .prePush:
            let remote = arguments.first ?? "origin"
            let updates = try pushedLocks(input)
            let push = try RemotePush.push(
                updates, gitRemote: remote, repository: repository, environment: environment)
            outcome.messages.append(push.message)
            outcome.allowed = push.allowed
        }
        return outcome
    }

    /// The mlv commits named by `mlv.lock` in the commits being pushed, each with the remote ref
    /// git pushes it to (pre-push's stdin lines: `<local ref> <local sha> <remote ref> <remote sha>`;
    /// deletions, with an all-zero local sha, are skipped).
    func pushedLocks(_ input: [UInt8]) throws -> [BranchUpdate] {
        var updates: [BranchUpdate] = []
        for line in String(decoding: input, as: UTF8.self).split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count >= 3, !fields[1].allSatisfy({ $0 == "0" }) else { continue }
            let output = try git.runAllowingFailure(["cat-file", "blob", "\(fields[1]):\(DataLock.fileName)"])
            guard output.status == 0 else { continue }
            let lock = try DataLock(parsing: output.text, source: "\(fields[1]):\(DataLock.fileName)")
            updates.append(BranchUpdate(remoteRef: String(fields[2]), commit: lock.commit))
        }
        return updates
    }
}
