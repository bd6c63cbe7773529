import Dispatch
import MLVCompute

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

let arguments = Array(CommandLine.arguments.dropFirst())
do {
    switch arguments.first {
    case "sgemm": try sgemm(Array(arguments.dropFirst()))
    default: throw ComputeError(.invalidArgument, "usage: mlv-compute-bench sgemm|mlp …")
    }
} catch {
    print("mlv-compute-bench: \(error)")
}
