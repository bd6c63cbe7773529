import ArgumentParser
import MLVPipeline
import MLVRepository

/// `mlv lineage <path> [<rev>]`: which commit, run, data and parameters produced a file.
struct LineageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lineage", abstract: "Show which run, data files and parameters produced a file.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The file.") var path: String
    @Argument(help: "The revision (default HEAD).") var revision = "HEAD"

    func run() throws {
        let repository = try global.openRepository()
        let repoPath = try global.paths([path], in: repository)[0]
        let commit = try repository.resolveCommit(revision)
        guard let (producer, record) = try RunHistory(repository: repository).lineage(of: repoPath, at: commit) else {
            throw RepositoryError(
                .pathNotFound, "no recorded run produced '\(repoPath)' as it is in \(revision)",
                hint: "outputs of 'mlv run --commit' have lineage")
        }
        let action: String
        switch record.action {
        case .plugin(let name): action = "plugin \(name) \(record.environment.pluginVersion ?? "")"
        case .command(let command): action = "cmd \(command)"
        }
        if global.json {
            try printJSON([
                "path": repoPath.rawValue, "commit": producer.description, "stage": record.stage, "action": action,
                "fingerprint": record.fingerprint.description, "seed": String(record.seed),
                "kernel": record.environment.kernelSignature,
                "inputs": Dictionary(
                    uniqueKeysWithValues: record.inputs.map { ($0.key.rawValue, $0.value.description) }),
            ])
            return
        }
        print("\(repoPath)")
        print("  commit   \(producer)")
        print("  stage    \(record.stage) (\(action))")
        print("  run      \(record.fingerprint)")
        print("  seed     \(record.seed)")
        print("  kernels  \(record.environment.kernelSignature)")
        for (name, value) in record.params.sorted(by: { $0.key < $1.key }) {
            print("  param    \(name) = \(value.jsonText)")
        }
        for (input, id) in record.inputs.sorted(by: { $0.key < $1.key }) {
            print("  input    \(input) \(id.abbreviated)")
        }
    }
}
