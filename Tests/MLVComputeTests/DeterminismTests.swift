import MLVCompute
import MLVFormats
import MLVStorage
import Testing

/// The compute core's central promise: equal inputs, parameters and seed give bit-identical
/// weights on every run, for every thread count and every kernel variant.
@Suite struct DeterminismTests {
    /// Trains a small MLP on seeded data and returns the SHA-256 of its safetensors file.
    func train(threads: Int, variant: KernelVariant = .best, optimizer: String = "adam") throws -> String {
        let context = try ComputeContext(threads: threads, variant: variant)
        var rng = Philox(seed: 11)
        let rows = 300
        var features = [Float]()
        var labels = [Int]()
        for _ in 0..<rows {
            let label = try rng.nextInt(below: 3)
            labels.append(label)
            for j in 0..<40 { features.append(Float(rng.nextNormal()) + (j % 3 == label ? 1.5 : 0)) }
        }
        let x = try Tensor(shape: [rows, 40], scalars: features)
        // Wide enough that the products cross the threshold where work is split over threads.
        let model = try MLP(widths: [40, 256, 128, 3], activation: .relu, seed: 5)
        let training = try ClassifierTraining(epochs: 3, batchSize: 64, seed: 9)
        let losses: [Float]
        if optimizer == "adam" {
            let adam = try Adam.adamW(model.parameters, learningRate: 0.01, context: context)
            losses = try training.run(model, features: x, labels: labels, context: context) { adam.step() }
        } else {
            let sgd = try SGD(model.parameters, learningRate: 0.05, momentum: 0.9, weightDecay: 1e-4)
            losses = try training.run(model, features: x, labels: labels, context: context) { sgd.step() }
        }
        #expect(losses.last ?? .nan < losses.first ?? .nan, "training should lower the loss: \(losses)")
        return SHA256Hasher.hash(try model.safetensors().encode()).description
    }

    @Test("1, 2 and 4 threads, twice each, give the same weights", arguments: ["adam", "sgd"])
    func threadCounts(optimizer: String) throws {
        let reference = try train(threads: 1, optimizer: optimizer)
        for threads in [1, 2, 4] {
            #expect(try train(threads: threads, optimizer: optimizer) == reference, "\(threads) threads")
            #expect(try train(threads: threads, optimizer: optimizer) == reference, "\(threads) threads, second run")
        }
    }

    @Test("every kernel variant this CPU runs gives the same weights") func variants() throws {
        let reference = try train(threads: 2, variant: .portable)
        for variant in KernelVariant.allCases where variant.isSupported {
            #expect(try train(threads: 2, variant: variant) == reference, "\(variant.rawValue)")
        }
    }

    @Test("a model round-trips through safetensors with its description") func modelFile() throws {
        let model = try MLP(widths: [4, 3, 2], activation: .tanh, seed: 1)
        let file = try SafetensorsFile(bytes: model.safetensors().encode())
        #expect(file.metadata["mlv.widths"] == "4,3,2")
        #expect(file.metadata["mlv.activation"] == "tanh")
        for parameter in model.parameters {
            #expect(try file.tensor(named: parameter.name).isBitIdentical(to: parameter.value))
        }
        #expect(throws: FormatsError.self) { try file.tensor(named: "w9") }
    }

    @Test("thread count: --jobs, then MLV_THREADS, then all cores") func threadCount() throws {
        #expect(try ComputeContext.threadCount(jobs: 3, environment: ["MLV_THREADS": "2"], cores: 8) == 3)
        #expect(try ComputeContext.threadCount(jobs: nil, environment: ["MLV_THREADS": "2"], cores: 8) == 2)
        #expect(try ComputeContext.threadCount(jobs: nil, environment: [:], cores: 8) == 8)
        let error = #expect(throws: ComputeError.self) {
            try ComputeContext.threadCount(jobs: nil, environment: ["MLV_THREADS": "many"], cores: 8)
        }
        #expect(error?.message == "MLV_THREADS=many is not a thread count in 1...256")
        #expect(throws: ComputeError.self) { try ComputeContext.threadCount(jobs: 0, environment: [:], cores: 2) }
    }

    @Test("training refuses non-finite features, naming the index") func nonFinite() throws {
        let model = try MLP(widths: [2, 2], seed: 1)
        let x = try Tensor(shape: [2, 2], scalars: [0, 1, .infinity, 3])
        let error = #expect(throws: ComputeError.self) {
            try ClassifierTraining(epochs: 1, batchSize: 2, seed: 1).run(model, features: x, labels: [0, 1]) {}
        }
        #expect(error?.message == "tensor \"features\" holds inf at index [1, 0]")
    }
}
