import Foundation
import MLVTestSupport

/// Runs the `python3` found first on PATH, when it can import numpy and safetensors (CI installs
/// them with pip). The child gets an explicit environment: the variables that locate the
/// interpreter and its packages, and fixed settings, nothing else.
enum PythonRunner {
    /// The interpreter (`sys.executable`, so pyenv shims are resolved once), or nil when there is
    /// no python3 with both packages.
    static let executable: URL? = locate()

    /// True when the interop tests can run.
    static var isAvailable: Bool { executable != nil }

    /// The child's environment: PATH, HOME (user site-packages, pyenv), pyenv and virtualenv
    /// variables when set, and settings that keep runs quiet and repeatable.
    static let environment: [String: String] = {
        let inherited = ProcessInfo.processInfo.environment
        var environment = ["PYTHONDONTWRITEBYTECODE": "1", "PYTHONHASHSEED": "0", "LC_ALL": "C.UTF-8"]
        for key in ["PATH", "HOME", "PYENV_ROOT", "PYENV_VERSION", "VIRTUAL_ENV"] {
            if let value = inherited[key] { environment[key] = value }
        }
        environment["PATH"] = environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        return environment
    }()

    /// Prints `{name: [descr, shape, C-order little-endian hex, values]}` for the arrays a script
    /// loaded into `arrays`, and whether each is in Fortran order; `values` are ints, or floats as
    /// `float.hex()` strings (exact, and JSON has no NaN or infinity).
    static let describeArrays = #"""
        import json, numpy as np
        def describe(arrays):
            out = {}
            for name, a in arrays.items():
                c = np.ascontiguousarray(a).astype(a.dtype.newbyteorder('<'))
                values = [v.hex() if isinstance(v, float) else v for v in c.reshape(-1).tolist()]
                out[name] = [c.dtype.str, list(a.shape), c.tobytes().hex(), values,
                             bool(a.flags.f_contiguous and not a.flags.c_contiguous)]
            return out

        """#

    /// True when `described` (a `describeArrays` value list) holds `values`; NaN matches NaN.
    static func sameFloats(_ described: Any, _ values: [Double]) -> Bool {
        guard let strings = described as? [String], strings.count == values.count else { return false }
        return zip(strings, values).allSatisfy { text, value in
            guard let parsed = Double(text) else { return false }
            return parsed == value && parsed.sign == value.sign || parsed.isNaN && value.isNaN
        }
    }

    /// What a run printed.
    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs `python -c script arguments…` in `directory` and returns its stdout; throws with its
    /// stderr when it fails.
    static func run(_ script: String, arguments: [String] = [], in directory: URL) throws -> String {
        guard let executable else { throw TestSupportError("python3 with numpy and safetensors is not available") }
        let output = try launch(executable, ["-c", script] + arguments, in: directory)
        guard output.status == 0 else {
            throw TestSupportError("python exited with \(output.status):\n\(output.stderr)")
        }
        return output.stdout
    }

    /// Runs `script` and decodes its stdout as one JSON value.
    static func json(_ script: String, arguments: [String] = [], in directory: URL) throws -> Any {
        let stdout = try run(script, arguments: arguments, in: directory)
        return try JSONSerialization.jsonObject(with: Data(stdout.utf8), options: [.fragmentsAllowed])
    }

    private static func locate() -> URL? {
        guard let path = environment["PATH"] else { return nil }
        for directory in path.split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(directory)).appendingPathComponent("python3")
            guard FileManager.default.isExecutableFile(atPath: candidate.path) else { continue }
            guard let scratch = try? TempDirectory(prefix: "python-probe"),
                let output = try? launch(
                    candidate, ["-c", "import sys, numpy, safetensors; print(sys.executable)"], in: scratch.url),
                output.status == 0
            else { return nil }
            let resolved = output.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            return resolved.isEmpty ? candidate : URL(fileURLWithPath: resolved)
        }
        return nil
    }

    /// Starts `executable` with `arguments` and waits; stdout and stderr go to files in
    /// `directory`, so neither pipe can fill up and block the child.
    private static func launch(_ executable: URL, _ arguments: [String], in directory: URL) throws -> Output {
        let output = try ChildProcess.run(executable, arguments, environment: environment, in: directory)
        return Output(status: output.status, stdout: output.stdoutText, stderr: output.stderrText)
    }
}
