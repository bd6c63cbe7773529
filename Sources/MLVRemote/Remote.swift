import Foundation
import MLVObjects
import MLVRepository

/// One configured remote: its name and the `remote.<name>.*` keys of the repository config
/// (docs/PROTOCOL.md §2).
public struct Remote: Sendable, Equatable {
    public var name: String
    /// The URL as written in `remote.<name>.url`.
    public var url: String
    /// `remote.<name>.token`: the bearer token for `mlv serve` (else `MLV_TOKEN`).
    public var token: String?
    /// `remote.<name>.endpoint`: the S3 endpoint (`http://127.0.0.1:9000`); AWS when unset.
    public var endpoint: String?
    /// `remote.<name>.region`: the S3 region (`us-east-1` when unset).
    public var region: String?
    /// `remote.<name>.partial`: the paths a partial clone fetched (`--include`), comma-separated
    /// in the config; empty for a full clone.
    public var partial: [String]
    /// `remote.<name>.jobs`: parallel transfers; nil for the transport's default.
    public var jobs: Int?

    public init(
        name: String, url: String, token: String? = nil, endpoint: String? = nil, region: String? = nil,
        partial: [String] = [], jobs: Int? = nil
    ) {
        self.name = name
        self.url = url
        self.token = token
        self.endpoint = endpoint
        self.region = region
        self.partial = partial
        self.jobs = jobs
    }

    /// Reads `remote.<name>.*` from `config`; nil when the remote has no url.
    public init?(name: String, config: Config) {
        guard let url = config["remote.\(name).url"] else { return nil }
        self.init(
            name: name, url: url, token: config["remote.\(name).token"], endpoint: config["remote.\(name).endpoint"],
            region: config["remote.\(name).region"],
            partial: (config["remote.\(name).partial"] ?? "").split(separator: ",").map(String.init),
            jobs: config["remote.\(name).jobs"].flatMap { Int($0) })
    }

    /// The url to store for `text`: checked, and a relative folder path made absolute, so that it
    /// means the same folder from anywhere in the repository.
    public static func recordedURL(_ text: String, relativeTo base: URL) throws -> String {
        let parsed = try RemoteURL(parsing: text, relativeTo: base)
        if case .folder(let folder) = parsed, !text.contains("://") { return folder.path }
        return text
    }

    /// A remote name is a valid ref component: it names `refs/remotes/<name>/`.
    public static func isValidName(_ name: String) -> Bool {
        RefName.isValidShortName(name) && !name.contains("/") && !name.contains(".")
    }

    /// `refs/remotes/<name>/<branch>` for a remote branch `refs/heads/<branch>`.
    public func trackingRef(for remoteRef: String) -> RefName? {
        guard remoteRef.hasPrefix(RefName.headsPrefix) else { return nil }
        return RefName(RefName.remotesPrefix + name + "/" + remoteRef.dropFirst(RefName.headsPrefix.count))
    }
}

extension Repository {
    /// The configured remotes, sorted by name.
    public func remotes() -> [Remote] {
        var names = Set<String>()
        for entry in config.entries where entry.key.hasPrefix("remote.") && entry.key.hasSuffix(".url") {
            names.insert(String(entry.key.dropFirst("remote.".count).dropLast(".url".count)))
        }
        return names.sorted().compactMap { Remote(name: $0, config: config) }
    }

    /// The remote called `name`.
    ///
    /// - Throws: `.badRemote` when there is none.
    public func remote(named name: String) throws -> Remote {
        guard let remote = Remote(name: name, config: config) else {
            throw RemoteError(
                .badRemote, "no remote named '\(name)'", hint: "add one with 'mlv remote add \(name) <url>'")
        }
        return remote
    }

    /// Adds `remote.<name>.url` (and the other keys the value holds).
    ///
    /// - Throws: `.invalidArgument` for a bad name, `.badRemote` when it exists or the url does not parse.
    public func addRemote(_ remote: Remote, relativeTo base: URL) throws {
        guard Remote.isValidName(remote.name) else {
            throw RemoteError(.invalidArgument, "'\(remote.name)' is not a valid remote name")
        }
        guard Remote(name: remote.name, config: config) == nil else {
            throw RemoteError(.badRemote, "remote '\(remote.name)' already exists")
        }
        var remote = remote
        remote.url = try Remote.recordedURL(remote.url, relativeTo: base)
        var config = self.config
        write(remote, into: &config)
        try writeConfig(config)
    }

    /// Removes a remote's config and its remote-tracking refs.
    public func removeRemote(_ name: String) throws {
        let remote = try self.remote(named: name)
        var config = self.config
        for entry in config.entries where entry.key.hasPrefix("remote.\(name).") { config.unset(entry.key) }
        for entry in config.entries where entry.key.hasPrefix("branch.") && entry.key.hasSuffix(".remote") {
            if entry.value == name {
                config.unset(entry.key)
                config.unset(String(entry.key.dropLast(".remote".count)) + ".merge")
            }
        }
        try writeConfig(config)
        for ref in try refs.list(prefix: RefName.remotesPrefix + remote.name + "/") {
            try refs.delete(ref.name, expecting: .value(ref.id))
        }
    }

    /// Renames a remote: its config, its tracking refs and the branches that follow it.
    public func renameRemote(_ old: String, to new: String) throws {
        var remote = try self.remote(named: old)
        guard Remote.isValidName(new) else {
            throw RemoteError(.invalidArgument, "'\(new)' is not a valid remote name")
        }
        guard Remote(name: new, config: config) == nil else {
            throw RemoteError(.badRemote, "remote '\(new)' already exists")
        }
        var config = self.config
        for entry in config.entries where entry.key.hasPrefix("remote.\(old).") { config.unset(entry.key) }
        remote.name = new
        write(remote, into: &config)
        for entry in config.entries where entry.key.hasPrefix("branch.") && entry.key.hasSuffix(".remote") {
            if entry.value == old { config.set(entry.key, new) }
        }
        try writeConfig(config)
        let who = ReflogEntryContext.remote("remote: renamed \(old) to \(new)")
        for ref in try refs.list(prefix: RefName.remotesPrefix + old + "/") {
            let suffix = ref.name.rawValue.dropFirst((RefName.remotesPrefix + old + "/").count)
            guard let renamed = RefName(RefName.remotesPrefix + new + "/" + suffix) else { continue }
            try refs.update(renamed, to: ref.id, expecting: .any, log: who)
            try refs.delete(ref.name, expecting: .value(ref.id))
        }
    }

    /// Changes a remote's url.
    public func setRemoteURL(_ name: String, url: String, relativeTo base: URL) throws {
        _ = try self.remote(named: name)
        var config = self.config
        config.set("remote.\(name).url", try Remote.recordedURL(url, relativeTo: base))
        try writeConfig(config)
    }

    private func write(_ remote: Remote, into config: inout Config) {
        let prefix = "remote.\(remote.name)."
        config.set(prefix + "url", remote.url)
        if let token = remote.token { config.set(prefix + "token", token) }
        if let endpoint = remote.endpoint { config.set(prefix + "endpoint", endpoint) }
        if let region = remote.region { config.set(prefix + "region", region) }
        if !remote.partial.isEmpty { config.set(prefix + "partial", remote.partial.joined(separator: ",")) }
        if let jobs = remote.jobs { config.set(prefix + "jobs", String(jobs)) }
    }
}

extension ReflogEntryContext {
    /// The reflog context of ref changes made by remote operations (fetch, push, folder remotes).
    static func remote(_ message: String) -> ReflogEntryContext {
        ReflogEntryContext(
            who: Signature(name: "mlv", email: "mlv@localhost", time: Int64(Date().timeIntervalSince1970)),
            message: message)
    }
}
