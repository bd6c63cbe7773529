import Foundation

/// A unique folder under the system temporary directory, removed when the value is
/// deinitialized. Tests never share one, so they can run in parallel.
public final class TempDirectory: Sendable {
    /// The folder; it exists until the value goes away.
    public let url: URL

    /// Creates `<tmp>/mlv-<prefix>-<uuid>`.
    public init(prefix: String = "test") throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("mlv-\(prefix)-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    /// `url/relative`.
    public func appending(_ relative: String) -> URL { url.appendingPathComponent(relative) }

    /// The folder's path.
    public var path: String { url.path }
}

/// Runs `body` with a fresh temporary folder that is removed afterwards, even when it throws.
public func withTempDirectory<T>(prefix: String = "test", _ body: (URL) throws -> T) throws -> T {
    let directory = try TempDirectory(prefix: prefix)
    return try withExtendedLifetime(directory) { try body(directory.url) }
}
