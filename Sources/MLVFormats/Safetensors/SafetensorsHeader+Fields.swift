/// Reading the members of a safetensors header's JSON object into typed values.
extension SafetensorsHeader {
    /// The `__metadata__` value: an object whose values are all strings.
    static func metadata(from value: JSONValue) throws(FormatsError) -> [String: String] {
        guard case .object(let members) = value else {
            throw FormatsError(.invalidHeader, "safetensors header: \"__metadata__\" is \(value.kind), not an object")
        }
        var metadata: [String: String] = [:]
        for member in members {
            guard case .string(let text) = member.value else {
                throw FormatsError(
                    .invalidHeader,
                    "safetensors header: metadata \(quoted(member.key)) is \(member.value.kind), not a string")
            }
            guard metadata.updateValue(text, forKey: member.key) == nil else {
                throw FormatsError(.duplicateName, "safetensors header: metadata \(quoted(member.key)) appears twice")
            }
        }
        return metadata
    }

    /// One tensor entry: `{"dtype": …, "shape": […], "data_offsets": [begin, end]}`. Other keys
    /// are ignored, as the reference implementation ignores them.
    static func tensorInfo(named name: String, from value: JSONValue) throws(FormatsError) -> SafetensorsTensorInfo {
        let context = "safetensors header: tensor \(quoted(name))"
        guard case .object(let members) = value else {
            throw FormatsError(.invalidHeader, "\(context) is \(value.kind), not an object")
        }
        func field(_ key: String) throws(FormatsError) -> JSONValue {
            let matches = members.filter { $0.key == key }
            guard matches.count < 2 else { throw FormatsError(.invalidHeader, "\(context) has \"\(key)\" twice") }
            guard let match = matches.first else { throw FormatsError(.invalidHeader, "\(context) has no \"\(key)\"") }
            return match.value
        }
        guard case .string(let dtypeName) = try field("dtype") else {
            throw FormatsError(.invalidHeader, "\(context) has a \"dtype\" that is not a string")
        }
        guard let dtype = DType(rawValue: dtypeName) else {
            throw FormatsError(
                .unsupported,
                "\(context) has dtype \(quoted(dtypeName)), which mlv does not read (it reads "
                    + DType.allCases.map(\.rawValue).joined(separator: ", ") + ")")
        }
        let shape = try integers(try field("shape"), field: "shape", context: context)
        if let negative = shape.first(where: { $0 < 0 }) {
            throw FormatsError(
                .invalidShape, "\(context) has negative dimension \(negative) in shape \(describe(shape: shape))")
        }
        let offsets = try integers(try field("data_offsets"), field: "data_offsets", context: context)
        guard offsets.count == 2 else {
            throw FormatsError(.invalidHeader, "\(context) has \(offsets.count) data_offsets, not 2")
        }
        guard offsets[0] >= 0, offsets[0] <= offsets[1] else {
            throw FormatsError(
                .invalidOffsets,
                "\(context) has data_offsets [\(offsets[0]), \(offsets[1])], which is not a range of the data buffer")
        }
        guard let needed = byteCount(shape: shape, width: dtype.byteWidth) else {
            throw FormatsError(.invalidShape, "\(context) has shape \(describe(shape: shape)), too many elements")
        }
        guard needed == offsets[1] - offsets[0] else {
            throw FormatsError(
                .shapeMismatch,
                "\(context) has data_offsets [\(offsets[0]), \(offsets[1])] but shape \(describe(shape: shape)) "
                    + "of \(dtype) needs \(needed) bytes")
        }
        return SafetensorsTensorInfo(name: name, dtype: dtype, shape: shape, dataOffsets: offsets[0]..<offsets[1])
    }

    /// An array of JSON integers (no fraction, no exponent) that fit in `Int`.
    private static func integers(_ value: JSONValue, field: String, context: String) throws(FormatsError) -> [Int] {
        guard case .array(let elements) = value else {
            throw FormatsError(.invalidHeader, "\(context) has a \"\(field)\" that is \(value.kind), not an array")
        }
        var integers: [Int] = []
        integers.reserveCapacity(elements.count)
        for element in elements {
            guard case .number(let text) = element, let integer = Int(text) else {
                let shown = if case .number(let text) = element { text } else { element.kind }
                throw FormatsError(
                    .invalidHeader, "\(context) has \(shown) in \"\(field)\", which is not an integer that fits 64 bits"
                )
            }
            integers.append(integer)
        }
        return integers
    }
}
