import Foundation
import MLVRepository
import MLVStorage
import Synchronization

/// A remote kept in an S3-compatible bucket (AWS S3, MinIO, Ceph, moto): packs, their indexes
/// and refs as plain objects under `s3://bucket/prefix`, with no server of ours in between.
///
/// Layout (docs/PROTOCOL.md, "S3 transport"): `<prefix>/mlv-remote.json` names the format and
/// its version; `<prefix>/packs/pack-<H>.pack` and `.idx` are exactly the local pack and index
/// files (a pack counts once its index exists); `<prefix>/refs/heads/<name>` and
/// `<prefix>/refs/tags/<name>` hold `<64 hex>\n`; `<prefix>/HEAD` holds `ref: refs/heads/<name>\n`.
/// Ref updates are compare-and-swap through S3 conditional writes (`If-Match` with the ETag
/// read, `If-None-Match: *` for a ref that must not exist).
public final class S3Transport: RemoteTransport {
    /// The remote format this build writes; a remote with another major version is refused.
    public static let formatVersion = 1
    static let formatName = "mlv-remote"

    public let location: String
    let options: S3Options
    let client: S3Client
    /// Pack indexes read so far, by pack checksum; they are immutable.
    let indexes = Mutex<[ObjectID: PackIndex]>([:])
    /// Whether `mlv-remote.json` was read and accepted.
    private let formatChecked = Mutex(false)

    public init(options: S3Options) {
        self.options = options
        location = "s3://\(options.bucket)" + (options.prefix.isEmpty ? "" : "/\(options.prefix)")
        client = S3Client(options: options, location: location)
    }

    /// The transport for `url`, configured from `config` and `environment`
    /// (``S3Options/configured(url:remoteName:config:environment:)``), caching pack indexes under
    /// `<repository>/.mlv/cache/s3/<hash of url and endpoint>/` when `repository` is given.
    public static func configured(
        url: String, remoteName: String?, config: Config, environment: [String: String],
        repository: RepositoryLayout?
    ) throws -> S3Transport {
        var options = try S3Options.configured(
            url: url, remoteName: remoteName, config: config, environment: environment)
        if let repository { options.cacheDirectory = cacheDirectory(for: url, options: options, in: repository) }
        return S3Transport(options: options)
    }

    // MARK: Refs

    public func listRefs() async throws -> RemoteRefs {
        guard try await checkFormat(creating: false) else { return RemoteRefs() }
        let names = try await listKeys(under: options.key("refs/")).map(\.key)
        var refs: [String: ObjectID] = [:]
        try await withThrowingTaskGroup(of: (String, ObjectID?).self) { group in
            for key in names {
                let name = String(key.dropFirst(options.key("").count))
                group.addTask { (name, try await self.readRef(name)?.id) }
            }
            for try await (name, id) in group { if let id { refs[name] = id } }
        }
        var head: String?
        let response = try await client.send("GET", key: options.key("HEAD"))
        if response.status == 200 {
            let text = String(decoding: response.body, as: UTF8.self)
            if text.hasPrefix("ref: ") { head = text.dropFirst(5).trimmingCharacters(in: .whitespacesAndNewlines) }
        } else if response.status != 404 {
            throw client.failure(response, "GET", key: options.key("HEAD"))
        }
        return RemoteRefs(refs: refs, head: head)
    }

    public func updateRef(_ update: RemoteRefUpdate) async throws {
        guard let ref = RefName(update.name),
            ref.rawValue.hasPrefix(RefName.headsPrefix) || ref.rawValue.hasPrefix(RefName.tagsPrefix)
        else {
            throw RemoteError(.invalidArgument, "'\(update.name)' is not a branch or tag name")
        }
        _ = try await checkFormat(creating: true)
        if let new = update.new {
            let missing = try await lacking([ObjectKey(new, .commit), ObjectKey(new, .tag)])
            guard missing.count < 2 else {
                throw RemoteError(
                    .missingObjects, "\(location) lacks commit \(new); refusing to point \(update.name) at it",
                    hint: "push the objects first (mlv push uploads them before moving refs)")
            }
        }
        let key = options.key(update.name)
        let current = try await readRef(update.name)
        guard current?.id == update.expected else { throw stale(update, current: current?.id) }
        var headers: [String: String] = [:]
        if let etag = current?.etag { headers["If-Match"] = etag } else { headers["If-None-Match"] = "*" }
        let response: S3Client.Response
        if let new = update.new {
            response = try await client.send(
                "PUT", key: key, headers: headers, body: .bytes(Data("\(new)\n".utf8)))
        } else {
            guard current != nil else { return }
            headers["If-None-Match"] = nil
            response = try await client.send("DELETE", key: key, headers: headers)
        }
        switch response.status {
        case 200, 204: break
        // 412: the ETag no longer matches (or the ref now exists); 409: S3 saw a concurrent
        // conditional write to the same key and refused this one; 404: deleted meanwhile.
        case 409, 412, 404:
            throw stale(update, current: try await readRef(update.name)?.id)
        default:
            throw client.failure(response, update.new == nil ? "DELETE" : "PUT", key: key)
        }
        if update.new != nil, ref.rawValue.hasPrefix(RefName.headsPrefix) {
            try await createHeadIfMissing(pointingAt: update.name)
        }
    }

    /// The ref's value and ETag, or nil when it does not exist.
    func readRef(_ name: String) async throws -> (id: ObjectID, etag: String?)? {
        let key = options.key(name)
        let response = try await client.send("GET", key: key)
        if response.status == 404 { return nil }
        guard response.status == 200 else { throw client.failure(response, "GET", key: key) }
        let text = String(decoding: response.body, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard let id = ObjectID(hex: text) else {
            throw RemoteError(.protocolViolation, "ref \(name) on \(location) does not hold an object id")
        }
        return (id, response.etag)
    }

    private func stale(_ update: RemoteRefUpdate, current: ObjectID?) -> RemoteError {
        let now = current.map { "it is now \($0.abbreviated)" } ?? "it does not exist"
        let expected = update.expected.map { "expected \($0.abbreviated)" } ?? "expected it not to exist"
        return RemoteError(
            .staleRef, "ref \(update.name) on \(location) changed: \(now), \(expected)",
            hint: "fetch and try again")
    }

    /// Writes `HEAD` on the first branch pushed, so that clones know which branch to check out.
    private func createHeadIfMissing(pointingAt name: String) async throws {
        let key = options.key("HEAD")
        let response = try await client.send(
            "PUT", key: key, headers: ["If-None-Match": "*"], body: .bytes(Data("ref: \(name)\n".utf8)))
        guard [200, 409, 412].contains(response.status) else { throw client.failure(response, "PUT", key: key) }
    }

    // MARK: Format marker

    /// Reads `mlv-remote.json` once per transport and refuses other format versions; with
    /// `creating`, writes it (only if absent) on an empty remote. Returns false when the remote is
    /// empty and was not created.
    ///
    /// - Throws: `.unsupportedVersion` naming the version found; `.protocolViolation` for a
    ///   marker that is not ours.
    func checkFormat(creating: Bool) async throws -> Bool {
        if formatChecked.withLock({ $0 }) { return true }
        let key = options.key("mlv-remote.json")
        var response = try await client.send("GET", key: key)
        if response.status == 404 {
            guard creating else {
                // A bucket that exists but has no marker is an empty remote; a missing bucket is an error.
                let bucket = try await client.send("HEAD", key: nil)
                guard bucket.status == 200 else { throw client.failure(bucket, "HEAD", key: nil) }
                return false
            }
            let marker = "{\"format\":\"\(Self.formatName)\",\"version\":\(Self.formatVersion)}\n"
            let put = try await client.send(
                "PUT", key: key, headers: ["If-None-Match": "*", "Content-Type": "application/json"],
                body: .bytes(Data(marker.utf8)))
            guard [200, 409, 412].contains(put.status) else { throw client.failure(put, "PUT", key: key) }
            response = try await client.send("GET", key: key)
        }
        guard response.status == 200 else { throw client.failure(response, "GET", key: key) }
        struct Marker: Decodable {
            var format: String
            var version: Int
        }
        guard let marker = try? JSONDecoder().decode(Marker.self, from: response.body), marker.format == Self.formatName
        else {
            throw RemoteError(.protocolViolation, "\(location)/mlv-remote.json does not describe an mlv remote")
        }
        guard marker.version == Self.formatVersion else {
            throw RemoteError(
                .unsupportedVersion,
                "\(location) uses remote format version \(marker.version); this mlv reads version \(Self.formatVersion)",
                hint: marker.version > Self.formatVersion ? "upgrade mlv to use this remote" : nil)
        }
        formatChecked.withLock { $0 = true }
        return true
    }

    // MARK: Listing

    /// Every key under `prefix` with its size, following ListObjectsV2 continuation tokens.
    func listKeys(under prefix: String) async throws -> [(key: String, size: Int)] {
        var keys: [(key: String, size: Int)] = []
        var token: String?
        repeat {
            var query: [(name: String, value: String)] = [
                ("list-type", "2"), ("prefix", prefix), ("max-keys", String(options.listPageSize)),
            ]
            if let token { query.append(("continuation-token", token)) }
            let response = try await client.send("GET", key: nil, query: query)
            guard response.status == 200 else { throw client.failure(response, "LIST", key: prefix) }
            let names = S3XML.values(of: "Key", in: response.body)
            let sizes = S3XML.values(of: "Size", in: response.body)
            guard names.count == sizes.count else {
                throw RemoteError(.protocolViolation, "listing of \(location) has keys without sizes")
            }
            for (name, size) in zip(names, sizes) { keys.append((name, Int(size) ?? 0)) }
            let truncated = S3XML.values(of: "IsTruncated", in: response.body).first == "true"
            token = truncated ? S3XML.values(of: "NextContinuationToken", in: response.body).first : nil
            if truncated, token == nil {
                throw RemoteError(
                    .protocolViolation, "listing of \(location) is truncated without a continuation token")
            }
        } while token != nil
        return keys
    }
}
