/// The plugins built into mlv, by id.
public enum BuiltinPlugins {
    /// Every built-in plugin, sorted by id.
    public static let all: [any TrainingPlugin.Type] = [
        EvaluatePlugin.self,
        KMeansPlugin.self,
        LinearRegressionPlugin.self,
        LogisticRegressionPlugin.self,
        MLPClassifierPlugin.self,
        SplitPlugin.self,
        StandardizePlugin.self,
    ].sorted { $0.id < $1.id }

    /// The built-in plugin called `id`, or nil.
    public static func named(_ id: String) -> (any TrainingPlugin.Type)? {
        all.first { $0.id == id }
    }
}
