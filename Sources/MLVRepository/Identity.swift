import Foundation
import MLVObjects

/// Where the author of a commit comes from, in order: `mlv config user.name/user.email`, then
/// `MLV_AUTHOR_NAME`/`MLV_AUTHOR_EMAIL`, then git's config. `MLV_AUTHOR_DATE` (seconds since
/// the epoch, optionally followed by ` +hhmm`) fixes the time, for reproducible tests.
///
/// The environment is passed in, never read here, so tests and `-C` stay independent.
public struct Identity: Sendable {
    public var environment: [String: String]
    /// The clock, seconds since the epoch.
    public var now: @Sendable () -> Int64

    public init(
        environment: [String: String], now: @escaping @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970) }
    ) {
        self.environment = environment
        self.now = now
    }

    /// The signature for a new commit, tag or reflog entry in `repository`.
    public func signature(for repository: Repository) throws -> Signature {
        let name = repository.config["user.name"] ?? environment["MLV_AUTHOR_NAME"] ?? gitConfig("user.name")
        let email = repository.config["user.email"] ?? environment["MLV_AUTHOR_EMAIL"] ?? gitConfig("user.email")
        guard let name, !name.isEmpty, let email else {
            throw RepositoryError(
                .invalidConfig, "author identity unknown",
                hint: "run 'mlv config user.name \"Your Name\"' and 'mlv config user.email you@example.com'")
        }
        var time = now()
        var zone = 0
        if let fixed = environment["MLV_AUTHOR_DATE"] {
            let parts = fixed.split(separator: " ")
            guard let first = parts.first, let seconds = Int64(first) else {
                throw RepositoryError(.invalidArgument, "MLV_AUTHOR_DATE '\(fixed)' is not seconds since the epoch")
            }
            time = seconds
            if parts.count > 1, let parsed = Signature(parsing: "x <y> 0 \(parts[1])") { zone = parsed.timeZoneMinutes }
        } else {
            zone = TimeZone.current.secondsFromGMT() / 60
        }
        let signature = Signature(name: name, email: email, time: time, timeZoneMinutes: zone)
        guard signature.isValid else {
            throw RepositoryError(.invalidConfig, "author name or email contains '<', '>' or a newline")
        }
        return signature
    }

    private func gitConfig(_ key: String) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "config", "--get", key]
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        let value = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return value.isEmpty ? nil : value
    }
}
