import Foundation
import MLVStorage

/// The wire format shared by `mlv serve` and the HTTP transport (docs/PROTOCOL.md, "HTTP transport").
///
/// Every endpoint lives under `/<repository>/mlv/v<major>/`. Binary key lists are N × 33 bytes
/// (a kind byte, then the 32-byte id); object transfers are pack streams (docs/FORMAT.md §7.1);
/// refs and errors are JSON with sorted keys.
public enum HTTPProtocol {
    /// The protocol's major version; a peer with another major version is refused.
    public static let version = 1
    /// Request and response header carrying the sender's protocol version.
    public static let versionHeader = "MLV-Protocol"
    /// The path segments between the repository and the endpoint.
    public static let pathPrefix = "mlv/v\(version)"
    /// Bytes per key in `lacking` and `objects` bodies.
    public static let keySize = 33

    /// Encodes keys as N × 33 bytes.
    public static func encode(_ keys: some Collection<ObjectKey>) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(keys.count * keySize)
        for key in keys {
            bytes.append(key.kind.rawValue)
            key.id.append(to: &bytes)
        }
        return bytes
    }

    /// Decodes N × 33 bytes into keys; nil when the length is not a multiple of 33 or a kind byte
    /// is unknown.
    public static func decodeKeys(_ bytes: [UInt8]) -> [ObjectKey]? {
        guard bytes.count % keySize == 0 else { return nil }
        var keys: [ObjectKey] = []
        keys.reserveCapacity(bytes.count / keySize)
        var offset = 0
        while offset < bytes.count {
            guard let kind = ObjectKind(rawValue: bytes[offset]), let id = ObjectID(bytes: bytes, at: offset + 1)
            else { return nil }
            keys.append(ObjectKey(id, kind))
            offset += keySize
        }
        return keys
    }

    /// The body of `GET refs`.
    public struct RefsDocument: Codable, Sendable, Equatable {
        /// The server's protocol version (major).
        public var `protocol`: Int
        /// The full ref name HEAD points at, when HEAD is a branch.
        public var head: String?
        /// Full ref name → 64 hex digits.
        public var refs: [String: String]

        public init(protocol: Int, head: String?, refs: [String: String]) {
            self.protocol = `protocol`
            self.head = head
            self.refs = refs
        }
    }

    /// The body of `POST refs`: a compare-and-swap update. Absent ids are JSON `null`.
    public struct RefUpdateDocument: Codable, Sendable, Equatable {
        public var name: String
        public var expected: String?
        public var new: String?

        public init(name: String, expected: String?, new: String?) {
            self.name = name
            self.expected = expected
            self.new = new
        }
    }

    /// The body of every 4xx/5xx response.
    public struct ErrorDocument: Codable, Sendable, Equatable {
        public struct Detail: Codable, Sendable, Equatable {
            /// A `RemoteError.Code` raw value (`staleRef`, `unauthorized`, …).
            public var code: String
            public var message: String
        }
        public var error: Detail
        /// For a stale ref update (409): the ref's current value, null when it does not exist.
        public var current: String?

        public init(code: String, message: String, current: String? = nil) {
            self.error = Detail(code: code, message: message)
            self.current = current
        }
    }

    /// The body of a successful `POST packs`.
    public struct UploadDocument: Codable, Sendable, Equatable {
        /// Objects in the stream.
        public var objects: Int
        /// Of those, objects the repository did not hold before.
        public var added: Int

        public init(objects: Int, added: Int) {
            self.objects = objects
            self.added = added
        }
    }

    /// JSON with sorted keys, so bodies are byte-for-byte repeatable.
    public static func json(_ value: some Encodable) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? Array(encoder.encode(value))) ?? []
    }

    /// The major version in a `MLV-Protocol` header value (`1`, `1.2`); nil when unreadable.
    static func major(of header: String) -> Int? {
        Int(header.split(separator: ".", maxSplits: 1).first.map(String.init) ?? "")
    }
}
