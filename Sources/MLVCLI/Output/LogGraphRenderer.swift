import MLVRepository

/// `log --graph`: each commit's text beside its lines of the graph, as git prints it (lines
/// padded to the graph's width, so trailing spaces are part of the output).
enum LogGraphRenderer {
    /// Renders entries in the order given (topological, for a graph that makes sense); with
    /// `oneline`, one `<id> <subject>` line per commit, otherwise the full header and message,
    /// commits separated by a padding line.
    static func render(_ entries: [LogEntry], oneline: Bool) -> String {
        var graph = GraphLayout()
        var out = ""
        for (position, entry) in entries.enumerated() {
            graph.update(entry.id, parents: entry.parentsInRange)
            if !oneline && position > 0 { out += graph.paddingLine() + "\n" }
            var prefix = ""
            while true {
                let (line, isCommitLine) = graph.nextLine()
                if isCommitLine {
                    prefix = line
                    break
                }
                out += line + "\n"
            }
            let text =
                oneline
                ? ["\(entry.id.abbreviated) \(entry.commit.subject)"]
                : CommitRenderer.header(entry.id, entry.commit).split(separator: "\n", omittingEmptySubsequences: false)
                    .dropLast().map(String.init)
            out += prefix + (text.first ?? "") + "\n"
            for line in text.dropFirst() { out += graph.nextLine().text + line + "\n" }
            while !graph.isCommitFinished { out += graph.nextLine().text + "\n" }
        }
        return out
    }
}
