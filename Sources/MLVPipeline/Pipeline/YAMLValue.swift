import Yams

/// A YAML document as plain values, with mappings kept in document order: the one place
/// MLVPipeline touches Yams (docs/ARCHITECTURE.md, one importing file per library).
///
/// Scalars are typed by YAML 1.1's core schema as Yams resolves them: a plain `3` is a number,
/// `"3"` (quoted) a string, `true` a bool, `~` or an empty value null.
public enum YAMLValue: Equatable, Sendable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case sequence([YAMLValue])
    /// Keys in document order; duplicate keys are refused while parsing.
    case mapping([(key: String, value: YAMLValue)])

    public static func == (lhs: YAMLValue, rhs: YAMLValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): true
        case (.bool(let a), .bool(let b)): a == b
        case (.number(let a), .number(let b)): a == b
        case (.string(let a), .string(let b)): a == b
        case (.sequence(let a), .sequence(let b)): a == b
        case (.mapping(let a), .mapping(let b)):
            a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        default: false
        }
    }

    /// Parses the first document of `text`; an empty document is `.null`.
    ///
    /// - Throws: `invalidPipeline` naming `file` and the line Yams reports.
    static func parse(_ text: String, file: String) throws(PipelineError) -> YAMLValue {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch {
            throw PipelineError(.invalidPipeline, "\(file): not valid YAML: \(Self.describe(error))")
        }
        guard let root else { return .null }
        return try convert(root, file: file, path: "")
    }

    private static func convert(_ node: Node, file: String, path: String) throws(PipelineError) -> YAMLValue {
        switch node {
        case .scalar:
            switch Tag.Name(rawValue: node.tag.rawValue) {
            case .null: return .null
            case .bool: return node.bool.map(YAMLValue.bool) ?? .string(node.string ?? "")
            case .int:
                if let int = node.int { return .number(Double(int)) }
                return try finite(node.float, text: node.string ?? "", file: file, path: path)
            case .float: return try finite(node.float, text: node.string ?? "", file: file, path: path)
            default: return .string(node.string ?? "")
            }
        case .sequence(let sequence):
            var items: [YAMLValue] = []
            for (index, item) in sequence.enumerated() {
                items.append(try convert(item, file: file, path: "\(path)[\(index)]"))
            }
            return .sequence(items)
        case .mapping(let mapping):
            var entries: [(key: String, value: YAMLValue)] = []
            var seen: Set<String> = []
            for (keyNode, valueNode) in mapping {
                guard let key = keyNode.scalar?.string else {
                    throw PipelineError(
                        .invalidPipeline, "\(file): a key under \(describe(path: path)) is not a scalar")
                }
                let childPath = path.isEmpty ? key : "\(path).\(key)"
                guard seen.insert(key).inserted else {
                    throw PipelineError(.invalidPipeline, "\(file): duplicate key \"\(childPath)\"")
                }
                entries.append((key, try convert(valueNode, file: file, path: childPath)))
            }
            return .mapping(entries)
        case .alias:
            throw PipelineError(.invalidPipeline, "\(file): unresolved alias at \(describe(path: path))")
        }
    }

    private static func finite(
        _ value: Double?, text: String, file: String, path: String
    ) throws(PipelineError) -> YAMLValue {
        guard let value, value.isFinite else {
            throw PipelineError(
                .invalidParameter, "\(file): \(describe(path: path)) is \"\(text)\", not a finite number")
        }
        return .number(value)
    }

    private static func describe(path: String) -> String {
        path.isEmpty ? "the top level" : "\"\(path)\""
    }

    /// Yams' error as a lowercase line naming the position: `line 3, column 7: did not find …`.
    private static func describe(_ error: any Error) -> String {
        guard let yaml = error as? YamlError else { return "\(error)" }
        switch yaml {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
            .composer(_, let problem, let mark, _):
            return "line \(mark.line), column \(mark.column): \(problem)"
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.sorted().map { "\"\($0)\"" }.joined(separator: ", ")
            return "line \(context.mark.line), column \(context.mark.column): duplicate key \(keys)"
        default:
            return String(describing: yaml).split(separator: "\n").first.map(String.init) ?? "\(yaml)"
        }
    }

    /// A short name of the value's type for messages (`a mapping`, `a list`).
    var typeName: String {
        switch self {
        case .null: "empty"
        case .bool: "a bool"
        case .number: "a number"
        case .string: "a string"
        case .sequence: "a list"
        case .mapping: "a mapping"
        }
    }

    /// The value as a parameter; YAML null has no parameter form and is refused, naming `key`.
    func parameterValue(file: String, key: String) throws(PipelineError) -> ParameterValue {
        switch self {
        case .null:
            throw PipelineError(.invalidParameter, "\(file): parameter \"\(key)\" has no value")
        case .bool(let value): return .bool(value)
        case .number(let value): return .number(value)
        case .string(let value): return .string(value)
        case .sequence(let items):
            var values: [ParameterValue] = []
            for (index, item) in items.enumerated() {
                values.append(try item.parameterValue(file: file, key: "\(key)[\(index)]"))
            }
            return .list(values)
        case .mapping(let entries):
            var table: [String: ParameterValue] = [:]
            for entry in entries {
                table[entry.key] = try entry.value.parameterValue(file: file, key: "\(key).\(entry.key)")
            }
            return .table(table)
        }
    }
}
