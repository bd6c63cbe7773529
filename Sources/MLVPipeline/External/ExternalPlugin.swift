import Foundation
import MLVStorage

/// An external training plugin: an executable named `mlv-plugin-<name>` that speaks the JSON
/// protocol of docs/PLUGINS.md "External plugins" over stdin and stdout.
///
/// Discovery looks in the `PATH` entries first, in order, then in `<repository>/.mlv/plugins/`.
/// The caller passes `PATH` and the repository root: the library never reads the environment.
public struct ExternalPlugin: Sendable, Equatable {
    /// The prefix of every external plugin's executable name.
    public static let executablePrefix = "mlv-plugin-"

    /// The name stages use (`plugin: nearest-centroid`).
    public let name: String
    /// The absolute path of the executable.
    public let executable: URL

    public init(name: String, executable: URL) {
        self.name = name
        self.executable = executable
    }

    /// The folders searched for plugins, in order: the `PATH` entries, then `.mlv/plugins/`.
    public static func searchFolders(path: String?, repositoryRoot: URL?) -> [URL] {
        var folders = (path ?? "").split(separator: ":").map { URL(fileURLWithPath: String($0)) }
        if let repositoryRoot {
            folders.append(repositoryRoot.appendingPathComponent(".mlv/plugins"))
        }
        return folders
    }

    /// The plugin called `name`: the first executable `mlv-plugin-<name>` in the search folders.
    public static func find(_ name: String, path: String?, repositoryRoot: URL?) -> ExternalPlugin? {
        guard isValidName(name) else { return nil }
        for folder in searchFolders(path: path, repositoryRoot: repositoryRoot) {
            let candidate = folder.appendingPathComponent(executablePrefix + name)
            if isExecutableFile(candidate) { return ExternalPlugin(name: name, executable: candidate) }
        }
        return nil
    }

    /// The names of every plugin found in the search folders, sorted.
    public static func discover(path: String?, repositoryRoot: URL?) -> [String] {
        var names = Set<String>()
        for folder in searchFolders(path: path, repositoryRoot: repositoryRoot) {
            let entries = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
            for entry in entries where entry.hasPrefix(executablePrefix) {
                let name = String(entry.dropFirst(executablePrefix.count))
                if isValidName(name), isExecutableFile(folder.appendingPathComponent(entry)) { names.insert(name) }
            }
        }
        return names.sorted()
    }

    /// SHA-256 of the executable's bytes (symbolic links are followed): part of a run's identity.
    public func digest() throws(PipelineError) -> ObjectID {
        guard let data = FileManager.default.contents(atPath: executable.resolvingSymlinksInPath().path) else {
            throw PipelineError(
                .unknownPlugin, "plugin \"\(name)\": cannot read the executable '\(executable.path)'")
        }
        return SHA256Hasher.hash(data)
    }

    /// Plugin names are lowercase letters, digits and dashes, as built-in ids are.
    static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-") }
    }

    private static func isExecutableFile(_ url: URL) -> Bool {
        let attributes = try? FileManager.default.attributesOfItem(atPath: url.resolvingSymlinksInPath().path)
        return attributes?[.type] as? FileAttributeType == .typeRegular
            && FileManager.default.isExecutableFile(atPath: url.path)
    }
}
