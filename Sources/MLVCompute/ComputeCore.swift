/// The compute core as a whole, for run records.
public enum ComputeCore {
    /// Changes whenever an operation's results can change for the same inputs (a new kernel
    /// rule, a different reduction order). Part of every pipeline run's identity.
    public static let version = "1"
}
