internal import CMLVKernels

/// The instruction-set variant of the matrix and optimizer kernels.
///
/// All variants compute every output element with the same sequence of rounded operations
/// (one fused multiply-add chain in k order for matrix products; see docs/PLUGINS.md), so
/// they agree bit for bit. The variant is still recorded with results, so that a report can
/// say which code produced them.
public enum KernelVariant: String, Sendable, CaseIterable, Codable {
    /// Scalar C with `fmaf`, for any CPU.
    case portable = "portable"
    /// x86-64 with AVX2 and FMA: 6×16 register tiles.
    case avx2FMA = "x86_64-avx2-fma"
    /// x86-64 with AVX-512F: 12×32 register tiles.
    case avx512 = "x86_64-avx512f"

    var code: Int32 {
        switch self {
        case .portable: Int32(MLV_KERNEL_PORTABLE)
        case .avx2FMA: Int32(MLV_KERNEL_AVX2_FMA)
        case .avx512: Int32(MLV_KERNEL_AVX512)
        }
    }

    /// The fastest variant this CPU runs.
    public static var best: KernelVariant {
        let code = mlv_kernel_best_variant()
        return allCases.first { $0.code == code } ?? .portable
    }

    /// Whether this CPU runs the variant.
    public var isSupported: Bool { mlv_kernel_supported(code) != 0 }

    /// Rows and columns of the register tile; thread splits of a product align to these.
    public var tile: (rows: Int, columns: Int) {
        var mr = 0
        var nr = 0
        unsafe mlv_sgemm_tile(code, &mr, &nr)
        return (mr, nr)
    }

    /// A description of everything that decides the bits and the speed, for run records:
    /// variant, tile, blocking, and the product's summation rule.
    public var signature: String {
        let tile = self.tile
        return "\(rawValue) tile \(tile.rows)x\(tile.columns) kc 256 nc 1024 sum fma-chain-k-order"
    }
}
