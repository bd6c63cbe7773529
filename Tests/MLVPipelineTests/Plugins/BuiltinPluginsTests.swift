import MLVPipeline
import Testing

@Suite struct BuiltinPluginsTests {
    @Test("lists every plugin once, sorted by id") func sorted() {
        let ids = BuiltinPlugins.all.map { $0.id }
        #expect(
            ids == [
                "evaluate", "kmeans", "linear-regression", "logistic-regression", "mlp-classifier", "split",
                "standardize",
            ])
        #expect(BuiltinPlugins.all.allSatisfy { !$0.version.isEmpty && !$0.summary.isEmpty })
    }

    @Test("finds plugins by id") func named() {
        #expect(BuiltinPlugins.named("kmeans")?.id == "kmeans")
        #expect(BuiltinPlugins.named("split").map { ObjectIdentifier($0) } == ObjectIdentifier(SplitPlugin.self))
        #expect(BuiltinPlugins.named("svm") == nil)
    }

    @Test("every plugin checks its input and output counts before running") func counts() {
        for plugin in BuiltinPlugins.all {
            expectPipelineError(.invalidPipeline, mentioning: [plugin.id]) {
                try plugin.init().validate(PluginParameters(), inputs: 5, outputs: 1)
            }
        }
    }

    @Test("validation rejects unknown parameters, naming them") func unknown() {
        for plugin in BuiltinPlugins.all {
            let inputs = plugin.id == "evaluate" ? 2 : 1
            let outputs = plugin.id == "split" ? 2 : 1
            expectPipelineError(.invalidParameter, mentioning: [plugin.id, "unknown parameter learnign_rate"]) {
                try plugin.init().validate(
                    PluginParameters(["learnign_rate": .number(1)]),
                    inputs: inputs, outputs: outputs)
            }
        }
    }
}
