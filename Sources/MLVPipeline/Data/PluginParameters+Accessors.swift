/// Typed reads of plugin parameters. Each accessor returns the parameter's value, or `default`
/// when the parameter is absent, and throws `.invalidParameter` naming the plugin and the
/// parameter when it is absent without a default, of the wrong type or out of range.
extension PluginParameters {
    /// A number; integers in YAML arrive as numbers too.
    public func double(
        _ name: String, default fallback: Double? = nil, plugin: String, in range: ClosedRange<Double>? = nil
    ) throws(PipelineError) -> Double {
        guard let value = values[name] else { return try Self.missing(name, fallback, plugin: plugin) }
        guard case .number(let number) = value, number.isFinite else {
            throw Self.wrongType(name, "a number", value, plugin: plugin)
        }
        if let range, !range.contains(number) {
            let expected =
                range.upperBound == .greatestFiniteMagnitude
                ? "≥ \(range.lowerBound)" : "in \(range.lowerBound)...\(range.upperBound)"
            throw PipelineError(
                .invalidParameter, "\(plugin): parameter \(name) is \(number), expected a value \(expected)")
        }
        return number
    }

    /// A whole number.
    public func int(
        _ name: String, default fallback: Int? = nil, plugin: String, in range: ClosedRange<Int>? = nil
    ) throws(PipelineError) -> Int {
        guard let value = values[name] else { return try Self.missing(name, fallback, plugin: plugin) }
        guard case .number(let number) = value, number.isFinite, number.rounded() == number,
            abs(number) < 9.0e15
        else {
            throw Self.wrongType(name, "a whole number", value, plugin: plugin)
        }
        let integer = Int(number)
        if let range, !range.contains(integer) {
            let expected =
                range.upperBound == Int.max ? "≥ \(range.lowerBound)" : "in \(range.lowerBound)...\(range.upperBound)"
            throw PipelineError(
                .invalidParameter, "\(plugin): parameter \(name) is \(integer), expected a value \(expected)")
        }
        return integer
    }

    /// A string; numbers and booleans are not converted.
    public func string(
        _ name: String, default fallback: String? = nil, plugin: String, oneOf choices: [String]? = nil
    ) throws(PipelineError) -> String {
        guard let value = values[name] else { return try Self.missing(name, fallback, plugin: plugin) }
        guard case .string(let string) = value else {
            throw Self.wrongType(name, "a string", value, plugin: plugin)
        }
        if let choices, !choices.contains(string) {
            throw PipelineError(
                .invalidParameter,
                "\(plugin): parameter \(name) is \"\(string)\", expected one of \(choices.joined(separator: ", "))")
        }
        return string
    }

    /// An optional string: nil when absent.
    public func optionalString(_ name: String, plugin: String) throws(PipelineError) -> String? {
        guard values[name] != nil else { return nil }
        return try string(name, plugin: plugin)
    }

    /// A list of strings; a single string counts as a list of one.
    public func strings(
        _ name: String, default fallback: [String]? = nil, plugin: String
    ) throws(PipelineError) -> [String] {
        guard let value = values[name] else { return try Self.missing(name, fallback, plugin: plugin) }
        switch value {
        case .string(let string): return [string]
        case .list(let items):
            var result: [String] = []
            for item in items {
                guard case .string(let string) = item else {
                    throw Self.wrongType(name, "a list of strings", value, plugin: plugin)
                }
                result.append(string)
            }
            return result
        default: throw Self.wrongType(name, "a list of strings", value, plugin: plugin)
        }
    }

    /// A list of whole numbers, each at least `minimum`.
    public func ints(
        _ name: String, default fallback: [Int]? = nil, plugin: String, minimum: Int = Int.min
    ) throws(PipelineError) -> [Int] {
        guard let value = values[name] else { return try Self.missing(name, fallback, plugin: plugin) }
        guard case .list(let items) = value else {
            throw Self.wrongType(name, "a list of whole numbers", value, plugin: plugin)
        }
        var result: [Int] = []
        for item in items {
            guard case .number(let number) = item, number.rounded() == number, abs(number) < 9.0e15,
                Int(number) >= minimum
            else {
                throw Self.wrongType(name, "a list of whole numbers ≥ \(minimum)", value, plugin: plugin)
            }
            result.append(Int(number))
        }
        return result
    }

    /// A boolean.
    public func bool(_ name: String, default fallback: Bool? = nil, plugin: String) throws(PipelineError) -> Bool {
        guard let value = values[name] else { return try Self.missing(name, fallback, plugin: plugin) }
        guard case .bool(let flag) = value else { throw Self.wrongType(name, "true or false", value, plugin: plugin) }
        return flag
    }

    /// Throws unless every parameter is one of `known`; the message lists the others, sorted.
    /// The values of a supervised learner's parameters after checking the common ones: only
    /// `known` names, a string `target`, and `features` as a list of strings when given.
    public func checkedSupervised(_ known: [String], plugin: String) throws(PipelineError) -> [String: ParameterValue] {
        try requireOnly(known, plugin: plugin)
        _ = try string("target", plugin: plugin)
        if self["features"] != nil { _ = try strings("features", plugin: plugin) }
        return values
    }

    /// `epochs`, `batch_size` (32) and `learning_rate` (0.01) after defaults, checked, for the
    /// mini-batch trainers.
    public func trainingSchedule(defaultEpochs: Int, plugin: String) throws(PipelineError) -> [String: ParameterValue] {
        [
            "epochs": .number(Double(try int("epochs", default: defaultEpochs, plugin: plugin, in: 1...Int.max))),
            "batch_size": .number(Double(try int("batch_size", default: 32, plugin: plugin, in: 1...Int.max))),
            "learning_rate": .number(try ClassifierReport.learningRate(self, default: 0.01, plugin: plugin)),
        ]
    }

    public func requireOnly(_ known: [String], plugin: String) throws(PipelineError) {
        let unknown = values.keys.filter { !known.contains($0) }.sorted()
        guard !unknown.isEmpty else { return }
        throw PipelineError(
            .invalidParameter,
            "\(plugin): unknown parameter\(unknown.count == 1 ? "" : "s") \(unknown.joined(separator: ", "))",
            hint: "known parameters: \(known.sorted().joined(separator: ", "))")
    }

    private static func missing<T>(_ name: String, _ fallback: T?, plugin: String) throws(PipelineError) -> T {
        guard let fallback else {
            throw PipelineError(.invalidParameter, "\(plugin): parameter \(name) is required")
        }
        return fallback
    }

    private static func wrongType(
        _ name: String, _ expected: String, _ value: ParameterValue, plugin: String
    ) -> PipelineError {
        PipelineError(.invalidParameter, "\(plugin): parameter \(name) must be \(expected), got \(describe(value))")
    }

    private static func describe(_ value: ParameterValue) -> String {
        switch value {
        case .string(let string): return "\"\(string)\""
        case .number(let number): return "\(number)"
        case .bool(let flag): return "\(flag)"
        case .list: return "a list"
        case .table: return "a table"
        }
    }
}
