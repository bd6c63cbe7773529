import Foundation
import MLVFormats
import MLVTestSupport
import Testing

/// NPY files mlv writes load in numpy with the same values, and `np.save` writes the same bytes;
/// files numpy writes (every version, byte order and memory order) load in mlv.
@Suite(.enabled(if: PythonRunner.isAvailable, "needs python3 with numpy and safetensors"))
struct NPYInteropTests {
    @Test("npy written by mlv loads in numpy with the same values, and np.save writes the same bytes")
    func npyToPython() throws {
        let directory = try TempDirectory(prefix: "interop")
        var arrays: [String: NPYArray] = [:]
        for dtype in DType.allCases where dtype != .bf16 {
            arrays["c-\(dtype)"] = try NPYArray(
                dtype: dtype, shape: [2, 3], data: try sampleTensor(dtype, name: "").data)
        }
        arrays["fortran"] = try NPYArray(
            dtype: .f32, shape: [2, 3], data: try DType.f32.littleEndianBytes(floats: [0, 3, 1, 4, 2, 5]),
            fortranOrder: true)
        arrays["scalar"] = try NPYArray(shape: [], doubles: [0.1])
        arrays["empty"] = try NPYArray(shape: [3, 0], int64s: [], dtype: .i16)
        arrays["wide"] = try NPYArray(shape: [12345678901, 0], floats: [], dtype: .f16)
        for (name, array) in arrays {
            try Data(try array.encode()).write(to: directory.appending("\(name).npy"))
        }

        let script =
            PythonRunner.describeArrays + #"""
                import io, sys, os
                arrays, identical = {}, {}
                for name in sys.argv[1:]:
                    path = name + ".npy"
                    arrays[name] = np.load(path)
                    buffer = io.BytesIO()
                    np.save(buffer, arrays[name])
                    identical[name] = buffer.getvalue() == open(path, "rb").read()
                grows = hasattr(np.lib.format, "GROWTH_AXIS_MAX_DIGITS")
                print(json.dumps({"arrays": describe(arrays), "identical": identical, "grows": grows}))
                """#
        let names = arrays.keys.sorted()
        let result = try #require(try PythonRunner.json(script, arguments: names, in: directory.url) as? [String: Any])
        let described = try #require(result["arrays"] as? [String: [Any]])
        let identical = try #require(result["identical"] as? [String: Bool])
        for name in names {
            let array = try #require(arrays[name])
            let python = try #require(described[name], "\(name)")
            #expect(python[0] as? String == array.dtype.npyDescr, "\(name)")
            #expect(python[1] as? [Int] == array.shape, "\(name)")
            #expect(python[2] as? String == hex(array.cContiguousData()), "\(name)")
            #expect(python[4] as? Bool == (array.fortranOrder && array.shape.filter { $0 > 1 }.count > 1), "\(name)")
            if array.dtype.isFloatingPoint {
                #expect(PythonRunner.sameFloats(python[3], try array.cContiguous().doubles()), "\(name)")
            } else {
                #expect((python[3] as? [NSNumber])?.map(\.int64Value) == (try array.cContiguous().int64s()), "\(name)")
            }
            // Byte identity holds against numpy's current writer (spare header space since 1.24).
            if result["grows"] as? Bool == true {
                #expect(identical[name] == true, "np.save writes other bytes than mlv for \(name)")
            }
        }
    }

    @Test("npy written by numpy loads in mlv: every dtype, both byte orders, Fortran order, versions 1 to 3")
    func npyFromPython() throws {
        let directory = try TempDirectory(prefix: "interop")
        let script =
            PythonRunner.describeArrays + #"""
                arrays = {
                    "f64": np.array([[0.1, -2.5], [1e300, -0.0]]),
                    "f32": np.arange(12, dtype=np.float32).reshape(3, 4) / 7,
                    "f16": np.array([65504, 6e-8, -np.inf, np.nan], dtype=np.float16),
                    "i64": np.array([-2**63, 2**63 - 1]),
                    "i32": np.array([[-7], [2**31 - 1]], dtype=np.int32),
                    "i16": np.array([-32768, 32767], dtype=np.int16),
                    "i8": np.array([-128, 127], dtype=np.int8),
                    "u8": np.arange(256, dtype=np.uint8).reshape(16, 16),
                    "bool": np.array([True, False, True]),
                    "big-f8": np.array([1.5, -3.25], dtype=">f8"),
                    "big-i4": np.array([[1, -2, 3]], dtype=">i4"),
                    "fortran-2d": np.asfortranarray(np.arange(6, dtype=np.int16).reshape(2, 3)),
                    "fortran-3d": np.asfortranarray(np.arange(24, dtype=np.float32).reshape(2, 3, 4)),
                    "fortran-big": np.asfortranarray(np.arange(6, dtype=">f4").reshape(3, 2)),
                    "scalar": np.array(7, dtype=np.uint8),
                    "empty": np.zeros((0, 3), dtype=np.float32),
                }
                for name, a in arrays.items():
                    np.save(name + ".npy", a)
                for version in [(2, 0), (3, 0)]:
                    name = "v%d" % version[0]
                    arrays[name] = np.arange(5, dtype=np.int32)
                    with open(name + ".npy", "wb") as f:
                        np.lib.format.write_array(f, arrays[name], version=version)
                print(json.dumps(describe(arrays)))
                """#
        let described = try #require(try PythonRunner.json(script, in: directory.url) as? [String: [Any]])
        #expect(described.count == 18)
        for (name, python) in described {
            let bytes = [UInt8](try Data(contentsOf: directory.appending("\(name).npy")))
            let array = try NPYArray(bytes: bytes)
            #expect(array.dtype.npyDescr == python[0] as? String, "\(name)")
            #expect(array.shape == python[1] as? [Int], "\(name)")
            #expect(hex(array.cContiguousData()) == python[2] as? String, "\(name)")
            #expect(array.fortranOrder == python[4] as? Bool, "\(name)")
            if !name.hasPrefix("big") && !name.hasPrefix("fortran-big") && !name.hasPrefix("v") {
                #expect(try array.encode() == bytes, "mlv re-encodes numpy's \(name) to other bytes")
            }
        }
    }
}
