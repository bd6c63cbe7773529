import MLVFormats

extension Tensor {
    /// The tensor as a named safetensors entry (F32, or F16/BF16/F64 when asked).
    public func safetensor(named name: String, dtype: DType = .f32) throws(FormatsError) -> SafetensorsTensor {
        try SafetensorsTensor(name: name, shape: shape.dims, floats: scalars, dtype: dtype)
    }

    /// A tensor from a safetensors entry of any floating-point or integer dtype, converted to
    /// Float32.
    public init(_ entry: SafetensorsTensor) throws(FormatsError) {
        let values = try entry.floats()
        self.init(unchecked: Shape(unchecked: entry.shape), scalars: values)
    }
}

extension SafetensorsFile {
    /// A file of named tensors (F32) and metadata; tensors are written in canonical order.
    public init(tensors: [(name: String, tensor: Tensor)], metadata: [String: String] = [:]) throws(FormatsError) {
        var entries: [SafetensorsTensor] = []
        for (name, tensor) in tensors { entries.append(try tensor.safetensor(named: name)) }
        try self.init(tensors: entries, metadata: metadata)
    }

    /// The tensor called `name`, converted to Float32.
    /// - Throws: `FormatsError` with code `invalidArgument` when there is none.
    public func tensor(named name: String) throws(FormatsError) -> Tensor {
        guard let entry = self[name] else {
            throw FormatsError(.invalidArgument, "safetensors file has no tensor named \"\(name)\"")
        }
        return try Tensor(entry)
    }
}

extension MLP {
    /// The network's parameters as a safetensors file, with its widths and activation in the
    /// header metadata, so the file alone describes the model.
    public func safetensors(metadata extra: [String: String] = [:]) throws(FormatsError) -> SafetensorsFile {
        var metadata = extra
        metadata["mlv.model"] = "mlp"
        metadata["mlv.widths"] = widths.map(String.init).joined(separator: ",")
        metadata["mlv.activation"] = activation.rawValue
        return try SafetensorsFile(tensors: parameters.map { ($0.name, $0.value) }, metadata: metadata)
    }
}
