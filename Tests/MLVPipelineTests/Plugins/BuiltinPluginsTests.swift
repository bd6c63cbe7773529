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
}
