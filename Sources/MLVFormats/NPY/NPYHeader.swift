/// The three fields of an NPY header dict, checked as numpy's `_read_array_header` checks them.
struct NPYHeader: Equatable {
    var descr: NPYDescr
    var fortranOrder: Bool
    var shape: [Int]

    init(descr: NPYDescr, fortranOrder: Bool, shape: [Int]) {
        self.descr = descr
        self.fortranOrder = fortranOrder
        self.shape = shape
    }

    /// Parses the header text (padding included).
    /// - Throws: `invalidHeader` when it is not a dict with exactly the keys `descr`,
    ///   `fortran_order` and `shape` of the right types; `invalidShape` for a negative dimension;
    ///   `unsupported` for a descr mlv does not read.
    init(parsing text: String, allowsLongSuffix: Bool) throws(FormatsError) {
        guard case .dict(let entries) = try PythonLiteralParser.parse(text, allowsLongSuffix: allowsLongSuffix) else {
            throw FormatsError(.invalidHeader, "npy header is not a dict")
        }
        var fields: [String: PythonLiteral] = [:]
        for entry in entries {
            guard case .string(let key) = entry.key, NPYFormat.keys.contains(key) else {
                let shown = if case .string(let key) = entry.key { "'\(key)'" } else { entry.key.kind }
                throw FormatsError(
                    .invalidHeader,
                    "npy header has key \(shown); it must have only 'descr', 'fortran_order' and 'shape'")
            }
            guard fields.updateValue(entry.value, forKey: key) == nil else {
                throw FormatsError(.invalidHeader, "npy header has key '\(key)' twice")
            }
        }
        for key in NPYFormat.keys.sorted() where fields[key] == nil {
            throw FormatsError(.invalidHeader, "npy header has no '\(key)'")
        }
        guard case .tuple(let dimensions) = fields["shape"] else {
            throw FormatsError(
                .invalidHeader, "npy header: 'shape' is \(fields["shape"]?.kind ?? "missing"), not a tuple")
        }
        var shape: [Int] = []
        for dimension in dimensions {
            guard case .integer(let value) = dimension else {
                throw FormatsError(.invalidHeader, "npy header: 'shape' holds \(dimension.kind), not only integers")
            }
            shape.append(value)
        }
        if let negative = shape.first(where: { $0 < 0 }) {
            throw FormatsError(
                .invalidShape, "npy header: shape \(NPYHeader.repr(shape: shape)) has negative dimension \(negative)")
        }
        guard case .bool(let fortranOrder) = fields["fortran_order"] else {
            throw FormatsError(
                .invalidHeader,
                "npy header: 'fortran_order' is \(fields["fortran_order"]?.kind ?? "missing"), not a bool")
        }
        switch fields["descr"] {
        case .string(let descr):
            self.descr = try NPYDescr(descr)
        case .list:
            throw FormatsError(.unsupported, "npy header: 'descr' is a structured dtype, which mlv does not read")
        default:
            throw FormatsError(
                .invalidHeader, "npy header: 'descr' is \(fields["descr"]?.kind ?? "missing"), not a string")
        }
        self.fortranOrder = fortranOrder
        self.shape = shape
    }

    /// The dict as numpy 2's `_write_array_header` writes it, with the spare spaces for growing the
    /// first (C order) or last (Fortran order) axis, before alignment padding.
    static func text(descr: String, fortranOrder: Bool, shape: [Int]) -> String {
        var text =
            "{'descr': '\(descr)', 'fortran_order': \(fortranOrder ? "True" : "False"), "
            + "'shape': \(repr(shape: shape)), }"
        if let growing = fortranOrder ? shape.last : shape.first {
            text += String(repeating: " ", count: max(0, NPYFormat.growthAxisMaxDigits - String(growing).count))
        }
        return text
    }

    /// Python's `repr` of a tuple of ints: `()`, `(3,)`, `(3, 4)`.
    static func repr(shape: [Int]) -> String {
        shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
    }

    /// The full header block for `text`: magic, version, length and the text padded with spaces and
    /// a final newline to a multiple of 64 bytes, as numpy's `_wrap_header` pads it (a text that
    /// would end exactly aligned still gets 64 spaces). Version 1.0 when the length fits a u16,
    /// else 2.0; the text is ASCII, so 3.0 is never needed.
    static func block(text: String) -> [UInt8] {
        let body = Array(text.utf8)
        func paddedLength(fieldSize: Int) -> Int {
            let used = NPYFormat.preambleSize + fieldSize + body.count + 1
            return body.count + 1 + NPYFormat.alignment - used % NPYFormat.alignment
        }
        let fitsVersion1 = paddedLength(fieldSize: 2) <= Int(UInt16.max)
        let (major, fieldSize): (UInt8, Int) = fitsVersion1 ? (1, 2) : (2, 4)
        let length = paddedLength(fieldSize: fieldSize)
        var bytes = NPYFormat.magic + [major, 0]
        for byte in 0..<fieldSize { bytes.append(UInt8(truncatingIfNeeded: length >> (8 * byte))) }
        bytes += body
        bytes += [UInt8](repeating: UInt8(ascii: " "), count: length - body.count - 1)
        bytes.append(UInt8(ascii: "\n"))
        return bytes
    }
}
