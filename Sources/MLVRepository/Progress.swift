/// Receives progress of long operations; the CLI draws it on a terminal, tests ignore it.
/// Called from any thread.
public protocol Progress: Sendable {
    /// `completed` of `total` units (bytes or files; total nil when unknown) in `phase`.
    func update(_ phase: String, completed: Int, total: Int?)
    /// The phase is over.
    func done(_ phase: String)
}

/// Progress that goes nowhere.
public struct SilentProgress: Progress {
    public init() {}
    public func update(_ phase: String, completed: Int, total: Int?) {}
    public func done(_ phase: String) {}
}
