internal import CMLVKernels

/// Scratch memory of the matrix kernels: one 64-byte-aligned buffer per thread part, allocated
/// once and reused by every product. Owned by a `ComputeContext` behind its mutex.
@safe final class KernelScratch {
    let floatsPerPart: Int
    private let base: UnsafeMutableRawPointer

    init(variant: KernelVariant, parts: Int) {
        floatsPerPart = (mlv_sgemm_workspace_floats(variant.code) + 15) / 16 * 16
        unsafe base = UnsafeMutableRawPointer.allocate(
            byteCount: floatsPerPart * MemoryLayout<Float>.stride * parts, alignment: 64)
    }

    deinit { unsafe base.deallocate() }

    /// The buffer of `part`.
    /// - Warning: valid while the scratch lives and only for the holder of the context's lock.
    func buffer(_ part: Int) -> UnsafeMutablePointer<Float> {
        unsafe base.assumingMemoryBound(to: Float.self) + part * floatsPerPart
    }
}
