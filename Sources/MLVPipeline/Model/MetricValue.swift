/// A value in a metrics file: a number, or the lists that evaluation adds (confusion matrix,
/// class names).
public enum MetricValue: Sendable, Equatable, Encodable {
    case number(Double)
    case matrix([[Int]])
    case strings([String])

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .number(let number):
            // JSON has no NaN or infinity; a metric that is not finite is written as null.
            if number.isFinite { try container.encode(number) } else { try container.encodeNil() }
        case .matrix(let matrix): try container.encode(matrix)
        case .strings(let strings): try container.encode(strings)
        }
    }
}
