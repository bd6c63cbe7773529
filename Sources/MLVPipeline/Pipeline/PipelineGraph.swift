import MLVRepository

/// The stage DAG of a pipeline: stage B depends on stage A when one of B's deps is a path A
/// writes (an out or its metrics file), lies inside a folder A writes, or is a folder holding
/// something A writes.
///
/// Every list it returns is in a deterministic order: stage names sorted, or the topological
/// ``order`` with ties broken by name.
public struct PipelineGraph: Sendable, Equatable {
    /// The stages by name.
    private let stagesByName: [String: Stage]
    /// For each stage, the stages it reads from (sorted names).
    private let upstream: [String: [String]]
    /// For each stage, the stages that read from it (sorted names).
    private let downstreamEdges: [String: [String]]
    /// Every stage, each after all the stages it depends on; ties broken by name (Kahn's
    /// algorithm taking the smallest ready name first).
    public let order: [String]

    /// Builds the graph.
    ///
    /// - Throws: `invalidPipeline` naming a cycle in data-flow order, `a → b → a`, starting at
    ///   its smallest stage name.
    /// - Complexity: O(s² · p²) for s stages of p paths each, and O(s log s) per sort.
    public init(stages: [Stage]) throws(PipelineError) {
        var byName: [String: Stage] = [:]
        for stage in stages {
            guard byName.updateValue(stage, forKey: stage.name) == nil else {
                throw PipelineError(
                    .invalidPipeline, "\(PipelineFile.fileName): stage \"\(stage.name)\" is defined twice")
            }
        }
        let names = byName.keys.sorted()
        var upstream: [String: [String]] = [:]
        var downstream: [String: [String]] = [:]
        for reader in names {
            guard let readerStage = byName[reader] else { continue }
            for writer in names {
                guard let writerStage = byName[writer] else { continue }
                let feeds = readerStage.deps.contains { dep in
                    writerStage.writes.contains { dep.isWithin($0) || $0.isWithin(dep) }
                }
                if feeds {
                    upstream[reader, default: []].append(writer)
                    downstream[writer, default: []].append(reader)
                }
            }
        }
        self.stagesByName = byName
        self.upstream = upstream
        self.downstreamEdges = downstream
        self.order = try Self.topologicalOrder(names: names, upstream: upstream, downstream: downstream)
    }

    /// The stage called `name`.
    public func stage(named name: String) -> Stage? { stagesByName[name] }

    /// The stages `name` reads from directly, sorted.
    public func dependencies(of name: String) -> [String] { upstream[name] ?? [] }

    /// The stages that read from `name` directly, sorted.
    public func dependents(of name: String) -> [String] { downstreamEdges[name] ?? [] }

    /// The stages that write `path`, a folder holding it, or something inside it (sorted).
    public func writers(of path: RepoPath) -> [String] {
        order.filter { name in
            stagesByName[name]?.writes.contains { path.isWithin($0) || $0.isWithin(path) } ?? false
        }.sorted()
    }

    /// The stages needed to produce `targets`: the targets and everything upstream of them,
    /// in topological order.
    ///
    /// - Throws: `invalidPipeline` for a name that is not a stage.
    public func closure(of targets: some Sequence<String>) throws(PipelineError) -> [String] {
        try reachable(from: targets, edges: upstream, includingStart: true)
    }

    /// The stages downstream of `changed` (that read, directly or not, what they write), in
    /// topological order, without the changed stages themselves unless one is downstream of another.
    ///
    /// - Throws: `invalidPipeline` for a name that is not a stage.
    public func downstream(of changed: some Sequence<String>) throws(PipelineError) -> [String] {
        try reachable(from: changed, edges: downstreamEdges, includingStart: false)
    }

    private func reachable(
        from start: some Sequence<String>, edges: [String: [String]], includingStart: Bool
    ) throws(PipelineError) -> [String] {
        var seen: Set<String> = []
        var stack: [String] = []
        for name in start {
            guard stagesByName[name] != nil else {
                throw PipelineError(
                    .invalidPipeline, "\(PipelineFile.fileName): no stage named \"\(name)\"",
                    hint: Spelling.hint(for: name, among: order))
            }
            if includingStart { seen.insert(name) }
            stack.append(name)
        }
        while let name = stack.popLast() {
            for next in edges[name] ?? [] where seen.insert(next).inserted {
                stack.append(next)
            }
        }
        return order.filter { seen.contains($0) }
    }

    private static func topologicalOrder(
        names: [String], upstream: [String: [String]], downstream: [String: [String]]
    ) throws(PipelineError) -> [String] {
        var pending = [String: Int](uniqueKeysWithValues: names.map { ($0, upstream[$0]?.count ?? 0) })
        var ready = names.filter { pending[$0] == 0 }  // sorted, kept sorted descending below
        ready.reverse()
        var order: [String] = []
        while let name = ready.popLast() {
            order.append(name)
            pending[name] = nil
            for next in downstream[name] ?? [] {
                guard let count = pending[next] else { continue }
                pending[next] = count - 1
                if count == 1 {
                    ready.append(next)
                    ready.sort(by: >)
                }
            }
        }
        guard pending.isEmpty else {
            throw PipelineError(
                .invalidPipeline,
                "\(PipelineFile.fileName): stages form a cycle: \(cycle(among: Set(pending.keys), upstream: upstream))")
        }
        return order
    }

    /// A cycle among the stages Kahn's algorithm could not order, each of which has an
    /// unordered stage upstream: walk upstream by smallest name until a stage repeats.
    private static func cycle(among stuck: Set<String>, upstream: [String: [String]]) -> String {
        guard var current = stuck.min() else { return "" }
        var path: [String] = []
        while !path.contains(current) {
            path.append(current)
            guard let next = (upstream[current] ?? []).first(where: stuck.contains) else { break }
            current = next
        }
        let loopStart = path.firstIndex(of: current) ?? 0
        var loop = Array(path[loopStart...].reversed())  // data-flow order: writer → reader
        if let smallest = loop.indices.min(by: { loop[$0] < loop[$1] }) {
            loop = Array(loop[smallest...] + loop[..<smallest])
        }
        return (loop + loop.prefix(1)).joined(separator: " → ")
    }
}
