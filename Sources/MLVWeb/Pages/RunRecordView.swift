import MLVPipeline
import MLVRepository

/// A run record as HTML: stage, what ran, parameters, seed, inputs, outputs and metrics.
struct RunRecordView {
    let context: RepositoryContext
    /// The commit whose tree holds the record's outputs (links to files and lineage).
    let revision: String

    func render(_ record: RunRecord) -> String {
        var out = "<table><tr><th>stage</th><td><strong>\(HTML.escape(record.stage))</strong></td></tr>"
        out += "<tr><th>ran</th><td>\(HTML.escape(RunRecordView.action(record)))</td></tr>"
        out += "<tr><th>seed</th><td class=\"mono\">\(record.seed)</td></tr>"
        out += "<tr><th>fingerprint</th><td class=\"mono\">\(HTML.escape(record.fingerprint.description))</td></tr>"
        out += "<tr><th>kernels</th><td class=\"mono\">\(HTML.escape(record.environment.kernelSignature))</td></tr>"
        for (name, value) in record.params.sorted(by: { $0.key < $1.key }) {
            out += "<tr><th>param</th><td><code>\(HTML.escape(name)) = \(HTML.escape(value.jsonText))</code></td></tr>"
        }
        for (path, id) in record.inputs.sorted(by: { $0.key < $1.key }) {
            out += "<tr><th>input</th><td>\(HTML.link(context.lineageURL(revision, path), path.rawValue))"
            out += " <span class=\"mono muted\">\(id.abbreviated)</span></td></tr>"
        }
        for (path, id) in record.outputs.sorted(by: { $0.key < $1.key }) {
            out += "<tr><th>output</th><td>\(HTML.link(context.blobURL(revision, path), path.rawValue))"
            out += " <span class=\"mono muted\">\(id.abbreviated)</span> · "
            out += HTML.link(context.lineageURL(revision, path), "lineage") + "</td></tr>"
        }
        for (name, value) in record.metrics.sorted(by: { $0.key < $1.key }) {
            out += "<tr><th>metric</th><td><code>\(HTML.escape(name)) = \(HTML.number(value))</code></td></tr>"
        }
        return out + "</table>"
    }

    /// `plugin mlp-classifier 1.0` or `cmd python train.py`.
    static func action(_ record: RunRecord) -> String {
        switch record.action {
        case .plugin(let name): "plugin \(name) \(record.environment.pluginVersion ?? "")"
        case .command(let command): "cmd \(command)"
        }
    }
}
