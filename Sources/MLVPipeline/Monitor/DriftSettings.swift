/// When a column counts as drifted: the thresholds of `mlv drift`, from its defaults, the
/// `drift:` section of `mlv.yaml` and the command's flags (docs/PLUGINS.md, "drift").
///
/// ```yaml
/// drift:
///   psi: 0.2          # drifted when PSI > psi
///   p_value: 0.01     # … or the KS / chi-square p-value < p_value
///   missing: 0.05     # … or the missing-value rate moved by more than this
///   bins: 10          # PSI bins (reference quantiles)
///   columns:
///     age: {psi: 0.1}
///     id: {ignore: true}
/// ```
public struct DriftSettings: Sendable, Equatable {
    /// Thresholds for one column; nil fields fall back to the global ones.
    public struct Thresholds: Sendable, Equatable {
        public var psi: Double?
        public var pValue: Double?
        public var missing: Double?
        public var ignore: Bool?

        public init(psi: Double? = nil, pValue: Double? = nil, missing: Double? = nil, ignore: Bool? = nil) {
            self.psi = psi
            self.pValue = pValue
            self.missing = missing
            self.ignore = ignore
        }
    }

    public static let defaultPSI = 0.2
    public static let defaultPValue = 0.01
    public static let defaultMissing = 0.05
    public static let defaultBins = 10
    static let keys = ["bins", "columns", "missing", "p_value", "psi"]
    static let columnKeys = ["ignore", "missing", "p_value", "psi"]

    public var psi = DriftSettings.defaultPSI
    public var pValue = DriftSettings.defaultPValue
    public var missing = DriftSettings.defaultMissing
    public var bins = DriftSettings.defaultBins
    /// Overrides by column name; they win over the global values and the flags.
    public var columns: [String: Thresholds] = [:]

    public init() {}

    /// The thresholds that apply to `column`.
    public func thresholds(for column: String) -> (psi: Double, pValue: Double, missing: Double, ignore: Bool) {
        let own = columns[column]
        return (own?.psi ?? psi, own?.pValue ?? pValue, own?.missing ?? missing, own?.ignore ?? false)
    }

    /// Parses the `drift:` section.
    /// - Throws: `invalidPipeline` naming the key that is unknown (with a did-you-mean) or whose
    ///   value is not a number in range.
    static func parse(_ value: YAMLValue, file: String) throws(PipelineError) -> DriftSettings {
        var settings = DriftSettings()
        guard case .mapping(let entries) = value else {
            if value == .null { return settings }
            throw PipelineError(.invalidPipeline, "\(file): \"drift\" is \(value.typeName), not a mapping")
        }
        let prefix = "\(file): drift"
        for entry in entries {
            switch entry.key {
            case "psi": settings.psi = try number(entry.value, key: "psi", prefix: prefix, range: 0...1e9)
            case "p_value": settings.pValue = try number(entry.value, key: "p_value", prefix: prefix, range: 0...1)
            case "missing": settings.missing = try number(entry.value, key: "missing", prefix: prefix, range: 0...1)
            case "bins":
                let bins = try number(entry.value, key: "bins", prefix: prefix, range: 2...1000)
                guard bins == bins.rounded() else {
                    throw PipelineError(.invalidPipeline, "\(prefix): \"bins\" is \(bins), not a whole number")
                }
                settings.bins = Int(bins)
            case "columns":
                guard case .mapping(let columns) = entry.value else {
                    throw PipelineError(
                        .invalidPipeline, "\(prefix): \"columns\" is \(entry.value.typeName), not a mapping")
                }
                for column in columns {
                    settings.columns[column.key] = try thresholds(
                        column.value, prefix: "\(prefix): column \"\(column.key)\"")
                }
            default:
                throw PipelineError(
                    .invalidPipeline, "\(prefix): unknown key \"\(entry.key)\"",
                    hint: Spelling.hint(for: entry.key, among: keys))
            }
        }
        return settings
    }

    private static func thresholds(_ value: YAMLValue, prefix: String) throws(PipelineError) -> Thresholds {
        guard case .mapping(let entries) = value else {
            throw PipelineError(.invalidPipeline, "\(prefix) is \(value.typeName), not a mapping")
        }
        var thresholds = Thresholds()
        for entry in entries {
            switch entry.key {
            case "psi": thresholds.psi = try number(entry.value, key: "psi", prefix: prefix, range: 0...1e9)
            case "p_value": thresholds.pValue = try number(entry.value, key: "p_value", prefix: prefix, range: 0...1)
            case "missing": thresholds.missing = try number(entry.value, key: "missing", prefix: prefix, range: 0...1)
            case "ignore":
                guard case .bool(let flag) = entry.value else {
                    throw PipelineError(
                        .invalidPipeline, "\(prefix): \"ignore\" is \(entry.value.typeName), not a bool")
                }
                thresholds.ignore = flag
            default:
                throw PipelineError(
                    .invalidPipeline, "\(prefix): unknown key \"\(entry.key)\"",
                    hint: Spelling.hint(for: entry.key, among: columnKeys))
            }
        }
        return thresholds
    }

    private static func number(
        _ value: YAMLValue, key: String, prefix: String, range: ClosedRange<Double>
    ) throws(PipelineError) -> Double {
        guard case .number(let number) = value, range.contains(number) else {
            let what = if case .number(let number) = value { "\(number)" } else { value.typeName }
            throw PipelineError(
                .invalidPipeline,
                "\(prefix): \"\(key)\" is \(what), not a number from \(format(range.lowerBound)) to \(format(range.upperBound))"
            )
        }
        return number
    }

    private static func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : "\(value)"
    }
}
