import Foundation
import MLVCompute
import MLVPipeline
import MLVRepository

extension RunOptions {
    /// The options `mlv run` and `mlv repro` share: the built-in plugins, the external plugins
    /// found on `PATH` and in `.mlv/plugins/`, threads and the environment commands and external
    /// plugins run with.
    ///
    /// `MLV_PLUGIN_TIMEOUT` (seconds) bounds each call of an external plugin.
    static func command(repository: Repository, jobs: Int?, environment: [String: String]) throws -> RunOptions {
        let path = environment["PATH"]
        let root = repository.layout.root
        let builtin = Set(BuiltinPlugins.all.map { $0.id })
        let external = ExternalPlugin.discover(path: path, repositoryRoot: root).filter { !builtin.contains($0) }
        var options = RunOptions(
            pluginNames: builtin.union(external), plugins: { BuiltinPlugins.named($0) },
            mlvVersion: MLVCommand.configuration.version)
        options.externalPlugins = { ExternalPlugin.find($0, path: path, repositoryRoot: root) }
        if let timeout = environment["MLV_PLUGIN_TIMEOUT"].flatMap(Double.init), timeout > 0 {
            options.pluginTimeout = timeout
        }
        options.threads = try ComputeContext.threadCount(
            jobs: jobs, environment: environment, cores: Cores.available)
        options.commandEnvironment = environment
        options.clock = { Date().timeIntervalSince1970 }
        return options
    }
}
