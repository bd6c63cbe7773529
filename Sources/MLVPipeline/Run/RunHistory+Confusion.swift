import Foundation
import MLVRepository
import MLVStorage

extension RunHistory {
    /// A confusion matrix a run's metrics file holds (the `evaluate` plugin writes one for
    /// classifiers), with where it came from.
    public struct ConfusionMatrix: Sendable, Equatable {
        public var commit: ObjectID
        public var stage: String
        /// The metrics file it was read from.
        public var path: RepoPath
        public var classes: [String]
        /// `counts[actual][predicted]`.
        public var counts: [[Int]]
    }

    /// The confusion matrix of the latest run at or before `start` that recorded one: the first
    /// commit (log order) whose runs wrote a metrics file with `confusion_matrix` and `classes`,
    /// of `stage` when given. Throws when none does, or when several stages of that commit did
    /// and `stage` is nil (naming them).
    /// - Complexity: walks back from `start` reading run bundles and JSON outputs until one has a
    ///   matrix.
    public func confusionMatrix(at start: ObjectID, stage: String? = nil) throws -> ConfusionMatrix {
        for entry in try repository.log(from: [start]) where entry.commit.runRecord != nil {
            var found: [ConfusionMatrix] = []
            for record in try records(of: entry.id) where stage == nil || record.stage == stage {
                for (path, id) in record.outputs.sorted(by: { $0.key < $1.key })
                where path.rawValue.hasSuffix(".json") {
                    if let matrix = try Self.parseConfusion(repository.content(.stored(id))) {
                        found.append(
                            ConfusionMatrix(
                                commit: entry.id, stage: record.stage, path: path, classes: matrix.classes,
                                counts: matrix.counts))
                        break
                    }
                }
            }
            if found.count == 1 { return found[0] }
            if found.count > 1 {
                let stages = found.map(\.stage).sorted().joined(separator: ", ")
                throw PipelineError(
                    .invalidInput, "several stages of \(entry.id.abbreviated) recorded a confusion matrix: \(stages)",
                    hint: "pick one with --stage")
            }
        }
        let which = stage.map { "stage '\($0)'" } ?? "no stage"
        throw PipelineError(
            .invalidInput, "\(which) recorded a confusion matrix at or before \(start.abbreviated)",
            hint: "the evaluate plugin writes one for classifiers")
    }

    /// `classes` and `confusion_matrix` of a metrics file, when it is a JSON object with both
    /// (a square matrix of non-negative integers, one row per class); nil otherwise.
    static func parseConfusion(_ bytes: [UInt8]) -> (classes: [String], counts: [[Int]])? {
        guard bytes.count < 64 << 20,
            let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any],
            let classes = object["classes"] as? [String], let rows = object["confusion_matrix"] as? [[Any]],
            rows.count == classes.count
        else { return nil }
        var counts: [[Int]] = []
        for row in rows {
            guard row.count == classes.count else { return nil }
            var cells: [Int] = []
            for cell in row {
                guard let number = cell as? NSNumber, let value = Int(exactly: number.doubleValue), value >= 0 else {
                    return nil
                }
                cells.append(value)
            }
            counts.append(cells)
        }
        return (classes, counts)
    }
}
