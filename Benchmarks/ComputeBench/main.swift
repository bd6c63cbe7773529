import Dispatch
import MLVCompute
import MLVStorage

// mlv-compute-bench: measures the compute core for `make bench`. Prints one JSON object per
// line. Usage:
//   mlv-compute-bench sgemm M N K THREADS [VARIANT]
//   mlv-compute-bench mlp THREADS SAMPLES [EPOCHS]

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

func sgemm(_ arguments: [String]) throws {
    let numbers = arguments.prefix(4).compactMap { Int($0) }
    guard numbers.count == 4 else { throw ComputeError(.invalidArgument, "usage: sgemm M N K THREADS [VARIANT]") }
    let (m, n, k, threads) = (numbers[0], numbers[1], numbers[2], numbers[3])
    let variant = arguments.count > 4 ? KernelVariant(rawValue: arguments[4]) ?? .best : .best
    let context = try ComputeContext(threads: threads, variant: variant)
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    func next() -> Float {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Float(state >> 40) / Float(1 << 24)
    }
    let a = try Tensor(shape: [m, k], scalars: (0..<m * k).map { _ in next() - 0.5 })
    let b = try Tensor(shape: [k, n], scalars: (0..<k * n).map { _ in next() - 0.5 })
    _ = try Tensor.matmul(a, b, context: context)
    let flop = 2.0 * Double(m) * Double(n) * Double(k)
    let reps = max(3, Int(2e10 / flop))
    var best = Double.infinity
    for _ in 0..<3 {
        let t = try seconds { for _ in 0..<reps { _ = try Tensor.matmul(a, b, context: context) } }
        best = min(best, t / Double(reps))
    }
    print(
        "{\"bench\":\"sgemm\",\"m\":\(m),\"n\":\(n),\"k\":\(k),\"threads\":\(threads),"
            + "\"variant\":\"\(variant.rawValue)\",\"gflops\":\(flop / best / 1e9)}")
}

/// One epoch of the 784-256-128-10 ReLU MLP with Adam, batch 128, on synthetic data: ten
/// Gaussian class centres plus noise, drawn from Philox.
func mlp(_ arguments: [String]) throws {
    let numbers = arguments.prefix(3).compactMap { Int($0) }
    guard numbers.count >= 2 else { throw ComputeError(.invalidArgument, "usage: mlp THREADS SAMPLES [EPOCHS]") }
    let (threads, samples, epochs) = (numbers[0], numbers[1], numbers.count > 2 ? numbers[2] : 1)
    let context = try ComputeContext(threads: threads)
    var rng = Philox(seed: 7)
    let centres = try rng.normals(count: 10 * 784, mean: 0, std: 1)
    var features = [Float](repeating: 0, count: samples * 784)
    var labels = [Int](repeating: 0, count: samples)
    for row in 0..<samples {
        let label = try rng.nextInt(below: 10)
        labels[row] = label
        for j in 0..<784 { features[row * 784 + j] = centres[label * 784 + j] + 2 * Float(rng.nextNormal()) }
    }
    let x = try Tensor(shape: [samples, 784], scalars: features)
    let model = try MLP(widths: [784, 256, 128, 10], seed: 1)
    let adam = try Adam(model.parameters, context: context)
    let training = try ClassifierTraining(epochs: epochs, batchSize: 128, seed: 3)
    var losses: [Float] = []
    let elapsed = try seconds {
        losses = try training.run(model, features: x, labels: labels, context: context) { adam.step() }
    }
    var digest = WeightDigest()
    for parameter in model.parameters { digest.add(parameter.value.scalars) }
    print(
        "{\"bench\":\"mlp\",\"threads\":\(threads),\"samples\":\(samples),\"epochs\":\(epochs),"
            + "\"variant\":\"\(context.variant.rawValue)\",\"samples_per_s\":\(Double(samples * epochs) / elapsed),"
            + "\"seconds\":\(elapsed),\"loss\":\(losses.last ?? .nan),\"weights_sha256\":\"\(digest.hex)\"}")
}

let arguments = Array(CommandLine.arguments.dropFirst())
do {
    switch arguments.first {
    case "sgemm": try sgemm(Array(arguments.dropFirst()))
    case "mlp": try mlp(Array(arguments.dropFirst()))
    default: throw ComputeError(.invalidArgument, "usage: mlv-compute-bench sgemm|mlp …")
    }
} catch {
    print("mlv-compute-bench: \(error)")
}

/// SHA-256 of float arrays' little-endian bytes, in the order added.
struct WeightDigest {
    private var hasher = SHA256Hasher()

    mutating func add(_ values: [Float]) {
        var bytes = [UInt8]()
        bytes.reserveCapacity(values.count * 4)
        for value in values {
            let bits = value.bitPattern
            for shift in stride(from: 0, to: 32, by: 8) {
                bytes.append(UInt8(truncatingIfNeeded: bits >> UInt32(shift)))
            }
        }
        hasher.update(bytes)
    }

    var hex: String {
        let copy = hasher
        return copy.finalize().description
    }
}
