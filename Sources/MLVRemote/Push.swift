import Foundation
import MLVRepository
import MLVStorage

/// Knobs of ``Repository/push(to:transport:options:)``.
public struct PushOptions: Sendable {
    /// Local branches to push (short names); empty means the current branch.
    public var branches: [String] = []
    /// Push every local branch (`--all`).
    public var allBranches = false
    /// Push every local tag (`--tags`).
    public var tags = false
    /// Allow non-fast-forward updates (`--force`).
    public var force = false
    /// Delete these remote branches instead of pushing (`--delete`).
    public var delete = false
    /// Record the remote as the upstream of the pushed branches (`-u`).
    public var setUpstream = false
    /// Parallel uploads.
    public var jobs = 2
    /// Pack streams are cut after about this many bytes, so an interrupted push resumes from the
    /// last piece that arrived.
    public var pieceSize = 64 << 20
    /// Keys per ``RemoteTransport/lacking(_:)`` call.
    public var lackingBatch = 4096
    public var progress: any MLVRepository.Progress = SilentProgress()

    public init() {}
}

/// What happened to one ref of a push, as git prints it.
public struct PushedRef: Sendable, Equatable {
    public enum Status: String, Sendable {
        case created, fastForward = "fast-forward", forced, deleted, upToDate = "up-to-date"
    }

    /// The local ref name, or the remote one for deletions.
    public var local: String
    public var remote: String
    public var old: ObjectID?
    public var new: ObjectID?
    public var status: Status
}

/// The outcome of a push.
public struct PushResult: Sendable {
    public var location: String
    public var refs: [PushedRef] = []
    /// Objects and bytes uploaded (pack stream bytes, as the transport reported them).
    public var sent = TransferProgress()
    /// Objects offered to ``RemoteTransport/lacking(_:)``.
    public var offered = 0
}

extension Repository {
    /// Pushes branches and tags to `remote` (docs/PROTOCOL.md §3.2): list the remote's refs, check
    /// fast-forwards locally, walk the objects not reachable from what the remote has, ask which
    /// it lacks, upload those as pack streams of about ``PushOptions/pieceSize`` bytes, then move
    /// each remote ref by compare-and-swap against the value listed at the start.
    ///
    /// - Throws: `.nonFastForward` (nothing is sent) for a rejected update without `force`;
    ///   `.staleRef` when a ref moved on the remote during the push (objects stay, a rerun sends
    ///   nothing twice); transport errors as they come.
    public func push(to remote: Remote, transport: any RemoteTransport, options: PushOptions) async throws -> PushResult
    {
        let remoteRefs = try await transport.listRefs()
        let plan = try planPush(remote: remote, remoteRefs: remoteRefs, options: options)
        var result = PushResult(location: transport.location)
        let tips = plan.compactMap { $0.new == $0.old ? nil : $0.new }
        let listed = remoteRefs.refs.values.filter {
            objects.contains($0, kind: .commit) || objects.contains($0, kind: .tag)
        }
        let tracking = try refs.list(prefix: RefName.remotesPrefix + remote.name + "/").map(\.id)
        if !tips.isEmpty {
            try await send(tips: tips, haves: listed + tracking, transport: transport, options: options, into: &result)
        }
        // Remote-tracking refs are hints: if the remote lost what they name (it was recreated or
        // rewound), it refuses the ref for missing objects, and one more round trusting only what
        // it listed sends the rest.
        var retried = tracking.isEmpty
        for update in plan {
            if update.old == update.new {
                result.refs.append(update.reported(.upToDate))
                continue
            }
            let change = RemoteRefUpdate(name: update.remote, expected: update.old, new: update.new)
            do {
                try await transport.updateRef(change)
            } catch let error as RemoteError where error.code == .missingObjects && !retried {
                retried = true
                try await send(tips: tips, haves: listed, transport: transport, options: options, into: &result)
                try await transport.updateRef(change)
            }
            result.refs.append(update.reported(update.status))
            if let tracking = remote.trackingRef(for: update.remote) {
                if let new = update.new {
                    try refs.update(tracking, to: new, expecting: .any, log: .remote("update by push"))
                } else if try refs.read(tracking) != nil {
                    try refs.delete(tracking, expecting: .any)
                }
            }
        }
        if options.setUpstream {
            var config = self.config
            for update in plan where update.local.hasPrefix(RefName.headsPrefix) && update.new != nil {
                let branch = update.local.dropFirst(RefName.headsPrefix.count)
                config.set("branch.\(branch).remote", remote.name)
                config.set("branch.\(branch).merge", update.remote)
            }
            try writeConfig(config)
        }
        return result
    }

    /// Walks from `tips` past `haves`, asks which objects the remote lacks and uploads them.
    func send(
        tips: [ObjectID], haves: [ObjectID], transport: any RemoteTransport, options: PushOptions,
        into result: inout PushResult
    ) async throws {
        let candidates = try PushWalk(repository: self).candidates(tips: tips, haves: haves)
        result.offered += candidates.count
        var lacking: [ObjectKey] = []
        for start in stride(from: 0, to: candidates.count, by: max(1, options.lackingBatch)) {
            let batch = Array(candidates[start..<min(candidates.count, start + options.lackingBatch)])
            lacking += try await transport.lacking(batch)
        }
        let sent = try await PackUploader(repository: self, transport: transport, options: options).upload(lacking)
        result.sent.objects += sent.objects
        result.sent.bytes += sent.bytes
    }

    /// One planned ref update.
    struct PlannedUpdate {
        var local: String
        var remote: String
        var old: ObjectID?
        var new: ObjectID?
        var status: PushedRef.Status

        func reported(_ status: PushedRef.Status) -> PushedRef {
            PushedRef(local: local, remote: remote, old: old, new: new, status: status)
        }
    }

    /// Decides each ref's update and refuses non-fast-forwards before anything is sent.
    func planPush(remote: Remote, remoteRefs: RemoteRefs, options: PushOptions) throws -> [PlannedUpdate] {
        var locals: [RefName] = []
        if options.allBranches {
            locals += try refs.list(prefix: RefName.headsPrefix).map(\.name)
        } else if options.branches.isEmpty {
            if !options.tags || options.delete {
                guard case .branch(let branch, _) = try head() else {
                    throw RemoteError(.invalidArgument, "HEAD is detached; name the branch to push")
                }
                locals.append(branch)
            }
        } else {
            for name in options.branches {
                // A full ref name, else a branch, else a tag of that name (as git resolves a refspec).
                var ref = name.hasPrefix("refs/") ? RefName(name) : RefName.branch(name)
                if !options.delete, let tag = RefName.tag(name), let branch = ref, try refs.read(branch) == nil,
                    try refs.read(tag) != nil
                {
                    ref = tag
                }
                guard let ref else { throw RemoteError(.invalidArgument, "'\(name)' is not a valid branch name") }
                locals.append(ref)
            }
        }
        if options.tags && !options.delete { locals += try refs.list(prefix: RefName.tagsPrefix).map(\.name) }
        var plan: [PlannedUpdate] = []
        for local in locals {
            let old = remoteRefs.refs[local.rawValue]
            if options.delete {
                guard old != nil else {
                    throw RemoteError(
                        .invalidArgument, "unable to delete '\(local.shortName)': remote ref does not exist")
                }
                plan.append(
                    PlannedUpdate(local: local.rawValue, remote: local.rawValue, old: old, new: nil, status: .deleted))
                continue
            }
            guard let new = try refs.resolve(local).id else {
                throw RemoteError(.invalidArgument, "src refspec '\(local.shortName)' does not match any commit")
            }
            var status = PushedRef.Status.created
            if let old, old != new {
                var fastForward = false
                if !local.isTag, objects.contains(old, kind: .commit) { fastForward = try isAncestor(old, of: new) }
                if fastForward {
                    status = .fastForward
                } else if options.force {
                    status = .forced
                } else {
                    throw RemoteError(
                        .nonFastForward,
                        "rejected \(local.shortName) -> \(local.shortName) (\(local.isTag ? "already exists" : "non-fast-forward")): "
                            + "the remote has \(old.abbreviated), which \(local.isTag ? "differs from" : "is not an ancestor of") \(new.abbreviated)",
                        hint: local.isTag
                            ? "use --force to replace the remote tag"
                            : "fetch and integrate the remote changes ('mlv pull'), or use --force")
                }
            }
            plan.append(
                PlannedUpdate(local: local.rawValue, remote: local.rawValue, old: old, new: new, status: status))
        }
        return plan
    }
}
