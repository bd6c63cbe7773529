import MLVStorage

/// What decides a stage's outputs besides `mlv.yaml` and the input files: the versions of the
/// code that runs it. Passed in by the caller, which knows the plugin registry and the compute
/// core; part of the ``StageFingerprint`` and of every ``RunRecord``.
public struct RunEnvironment: Sendable, Equatable {
    /// The plugin's ``TrainingPlugin/version`` (or what an external plugin reports); nil for
    /// `cmd:` stages.
    public var pluginVersion: String?
    /// SHA-256 of an external plugin's executable; nil for built-in plugins and commands.
    public var pluginDigest: ObjectID?
    /// The version of mlv that ran (recorded, not part of the fingerprint).
    public var mlvVersion: String
    /// The compute core's version.
    public var computeVersion: String
    /// `KernelVariant.signature` of the variant that ran the products.
    public var kernelSignature: String

    public init(
        pluginVersion: String?, pluginDigest: ObjectID? = nil, mlvVersion: String, computeVersion: String,
        kernelSignature: String
    ) {
        self.pluginVersion = pluginVersion
        self.pluginDigest = pluginDigest
        self.mlvVersion = mlvVersion
        self.computeVersion = computeVersion
        self.kernelSignature = kernelSignature
    }
}
