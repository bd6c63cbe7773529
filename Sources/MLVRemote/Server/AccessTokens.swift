import Foundation

/// The bearer tokens `mlv serve --token-file` accepts, each with a scope.
///
/// File format (docs/PROTOCOL.md, "HTTP transport"): one token per line, `read <token>` or
/// `write <token>`; a write token may also read. Blank lines and lines starting with `#` are
/// ignored. Tokens are 1–512 printable ASCII characters without spaces.
public struct AccessTokens: Sendable, Equatable {
    /// What a token allows.
    public enum Scope: String, Sendable, Comparable {
        case read
        case write

        public static func < (lhs: Scope, rhs: Scope) -> Bool { lhs == .read && rhs == .write }
    }

    private var scopes: [String: Scope]

    /// Tokens with their scopes (tests; the server reads a file).
    public init(_ scopes: [String: Scope]) {
        self.scopes = scopes
    }

    /// Parses the token file format.
    ///
    /// - Throws: `.invalidArgument` naming the line for an unknown scope, a missing or malformed token.
    public init(parsing text: String, path: String) throws(RemoteError) {
        var scopes: [String: Scope] = [:]
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            let fields = trimmed.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard fields.count == 2, let scope = Scope(rawValue: String(fields[0])) else {
                throw RemoteError(
                    .invalidArgument, "\(path):\(number + 1): expected 'read <token>' or 'write <token>'")
            }
            let token = String(fields[1])
            guard token.count <= 512, token.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
                throw RemoteError(.invalidArgument, "\(path):\(number + 1): a token is printable ASCII without spaces")
            }
            scopes[token] = max(scopes[token] ?? .read, scope)
        }
        self.scopes = scopes
    }

    /// Reads and parses a token file.
    public init(contentsOf url: URL) throws {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw RemoteError(.invalidArgument, "cannot read token file '\(url.path)'")
        }
        try self.init(parsing: String(decoding: data, as: UTF8.self), path: url.path)
    }

    /// The scope of the token in an `Authorization: Bearer <token>` header value; nil when the
    /// header is missing, malformed or names no known token.
    ///
    /// Every known token is compared in full, in time independent of where they differ.
    public func scope(authorization: String?) -> Scope? {
        guard let authorization, authorization.lowercased().hasPrefix("bearer ") else { return nil }
        let presented = Array(authorization.dropFirst("bearer ".count).trimmingCharacters(in: .whitespaces).utf8)
        var found: Scope?
        for (token, scope) in scopes where AccessTokens.constantTimeEqual(Array(token.utf8), presented) {
            found = scope
        }
        return found
    }

    private static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        var difference = UInt8(truncatingIfNeeded: a.count ^ b.count)
        for index in 0..<max(a.count, b.count) {
            let x = index < a.count ? a[index] : 0
            let y = index < b.count ? b[index] : 0
            difference |= x ^ y
        }
        return difference == 0 && a.count == b.count
    }
}
