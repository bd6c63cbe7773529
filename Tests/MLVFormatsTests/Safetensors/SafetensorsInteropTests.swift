import Foundation
import MLVFormats
import MLVTestSupport
import Testing

/// Files mlv writes load in Python's safetensors with the same values, files it writes load in mlv,
/// and both write the same bytes for the same tensors.
@Suite(.enabled(if: PythonRunner.isAvailable, "needs python3 with numpy and safetensors"))
struct SafetensorsInteropTests {
    @Test("safetensors written by mlv load in Python with the same values and bytes")
    func safetensorsToPython() throws {
        let directory = try TempDirectory(prefix: "interop")
        var tensors = try DType.allCases.filter { $0 != .bf16 }.map { dtype throws(FormatsError) in
            try sampleTensor(dtype, name: "t-\(dtype)", shape: [2, 3])
        }
        tensors.append(try SafetensorsTensor(name: "scalar", shape: [], doubles: [0.1]))
        tensors.append(try SafetensorsTensor(name: "empty", shape: [0, 4], floats: []))
        tensors.append(try SafetensorsTensor(name: "esc \"\\\n ü", shape: [1], floats: [.infinity], dtype: .f16))
        let file = try SafetensorsFile(tensors: tensors, metadata: ["note": "ü \"q\""])
        let path = directory.appending("mlv.safetensors")
        try Data(file.encode()).write(to: path)

        let script =
            PythonRunner.describeArrays + #"""
                import sys
                from safetensors import safe_open
                from safetensors.numpy import load_file, save
                path = sys.argv[1]
                arrays = load_file(path)
                with safe_open(path, framework="np") as f:
                    metadata = f.metadata()
                resaved = save(arrays, metadata=metadata)
                print(json.dumps({"arrays": describe(arrays), "metadata": metadata,
                                  "identical": resaved == open(path, "rb").read()}))
                """#
        let result = try #require(
            try PythonRunner.json(script, arguments: [path.path], in: directory.url) as? [String: Any])
        #expect(result["metadata"] as? [String: String] == file.metadata)
        #expect(result["identical"] as? Bool == true, "safetensors' save writes other bytes than mlv")
        let arrays = try #require(result["arrays"] as? [String: [Any]])
        #expect(Set(arrays.keys) == Set(tensors.map(\.name)))
        for tensor in tensors {
            let described = try #require(arrays[tensor.name], "\(tensor.name)")
            #expect(described[0] as? String == tensor.dtype.npyDescr, "\(tensor.name)")
            #expect(described[1] as? [Int] == tensor.shape, "\(tensor.name)")
            #expect(described[2] as? String == hex(tensor.data), "\(tensor.name)")
            if tensor.dtype.isFloatingPoint {
                #expect(PythonRunner.sameFloats(described[3], try tensor.doubles()), "\(tensor.name)")
            } else {
                #expect((described[3] as? [NSNumber])?.map(\.int64Value) == (try tensor.int64s()), "\(tensor.name)")
            }
        }
    }

    @Test("safetensors written by Python load in mlv with the same bytes, and re-encode identically")
    func safetensorsFromPython() throws {
        let directory = try TempDirectory(prefix: "interop")
        let path = directory.appending("py.safetensors")
        let script =
            PythonRunner.describeArrays + #"""
                import sys
                from safetensors.numpy import save_file
                arrays = {
                    "f64": np.array([[0.1, -2.5], [1e300, -0.0]], dtype=np.float64),
                    "f32": np.arange(12, dtype=np.float32).reshape(3, 4) / 7,
                    "f16": np.array([65504, 6e-8, -np.inf, np.nan, 1/3], dtype=np.float16),
                    "big": np.array([1.5, -3.25], dtype=">f4"),
                    "i64": np.array([-2**63, 2**63 - 1], dtype=np.int64),
                    "i32": np.array([[-7], [2**31 - 1]], dtype=np.int32),
                    "i16": np.array([-32768, 32767], dtype=np.int16),
                    "i8": np.array([-128, 127], dtype=np.int8),
                    "u8": np.arange(256, dtype=np.uint8).reshape(16, 16),
                    "bool": np.array([True, False, True]),
                    "scalar": np.array(3.5, dtype=np.float64),
                    "empty": np.zeros((0, 2), dtype=np.int32),
                }
                save_file(arrays, sys.argv[1], metadata={"source": "numpy"})
                print(json.dumps(describe(arrays)))
                """#
        let arrays = try #require(
            try PythonRunner.json(script, arguments: [path.path], in: directory.url) as? [String: [Any]])
        let bytes = [UInt8](try Data(contentsOf: path))
        let file = try SafetensorsFile(bytes: bytes)
        #expect(file.metadata == ["source": "numpy"])
        #expect(Set(file.tensors.map(\.name)) == Set(arrays.keys))
        for (name, described) in arrays {
            let tensor = try #require(file[name], "\(name)")
            #expect(tensor.dtype.npyDescr == described[0] as? String, "\(name)")
            #expect(tensor.shape == described[1] as? [Int], "\(name)")
            #expect(hex(tensor.data) == described[2] as? String, "\(name)")
        }
        #expect(try file["f16"]?.floats().prefix(3) == [65504, 0x1p-24, -.infinity])
        #expect(try file["big"]?.floats() == [1.5, -3.25])
        #expect(try file["i64"]?.int64s() == [.min, .max])
        #expect(file.encode() == bytes, "mlv re-encodes Python's file to other bytes")
    }
}
