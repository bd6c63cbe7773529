/// A parameter value in its natural JSON form (`0.5`, `"adam"`, `[64, 32]`, `true`), for the
/// hyperparameters recorded in model files.
struct ParameterJSON: Encodable {
    let value: ParameterValue

    init(_ value: ParameterValue) { self.value = value }

    func encode(to encoder: any Encoder) throws {
        switch value {
        case .string(let string):
            var container = encoder.singleValueContainer()
            try container.encode(string)
        case .number(let number):
            var container = encoder.singleValueContainer()
            try container.encode(number)
        case .bool(let flag):
            var container = encoder.singleValueContainer()
            try container.encode(flag)
        case .list(let items):
            var container = encoder.unkeyedContainer()
            for item in items { try container.encode(ParameterJSON(item)) }
        case .table(let table):
            var container = encoder.singleValueContainer()
            try container.encode(table.mapValues(ParameterJSON.init))
        }
    }
}
