/// Byte shuffling for arrays of fixed-width numbers (docs/FORMAT-chunking-codec.md §3.2).
///
/// With width `w`, `n` bytes hold `e = n / w` whole elements and `t = n % w` trailing bytes.
/// Shuffling writes byte `k` of every element together: output byte `k * e + i` is input byte
/// `i * w + k` for `k < w`, `i < e`; the `t` trailing bytes follow unchanged. The exponent bytes of
/// floats then sit side by side, which zlib compresses far better than the interleaved layout.
enum ByteShuffle {
    /// Groups byte `k` of every `width`-byte element together; see the type's documentation.
    ///
    /// `width` must be at least 1; width 1 returns the input.
    /// - Complexity: O(n).
    static func shuffle(_ input: [UInt8], width: Int) -> [UInt8] {
        guard width > 1, input.count >= width else { return input }
        let elements = input.count / width
        var output = [UInt8](repeating: 0, count: input.count)
        unsafe input.withUnsafeBufferPointer { source in
            unsafe output.withUnsafeMutableBufferPointer { target in
                // Element by element: sequential reads, `width` sequential write streams.
                switch width {
                case 2: unsafe scatter(source, target, elements: elements, width: 2)
                case 4: unsafe scatter(source, target, elements: elements, width: 4)
                case 8: unsafe scatter(source, target, elements: elements, width: 8)
                default: unsafe scatter(source, target, elements: elements, width: width)
                }
                for tail in (elements * width)..<source.count {
                    unsafe target[tail] = unsafe source[tail]
                }
            }
        }
        return output
    }

    @inline(__always)
    private static func scatter(
        _ source: UnsafeBufferPointer<UInt8>, _ target: UnsafeMutableBufferPointer<UInt8>, elements: Int, width: Int
    ) {
        var from = 0
        for i in 0..<elements {
            var to = i
            for _ in 0..<width {
                unsafe target[to] = unsafe source[from]
                from += 1
                to += elements
            }
        }
    }

    /// The inverse of ``shuffle(_:width:)`` for the same width.
    ///
    /// - Complexity: O(n).
    static func unshuffle(_ input: [UInt8], width: Int) -> [UInt8] {
        guard width > 1, input.count >= width else { return input }
        let elements = input.count / width
        var output = [UInt8](repeating: 0, count: input.count)
        unsafe input.withUnsafeBufferPointer { source in
            unsafe output.withUnsafeMutableBufferPointer { target in
                // Element by element: sequential writes, `width` sequential read streams (much
                // kinder to the cache than `width` passes of strided writes).
                switch width {
                case 2: unsafe gather(source, target, elements: elements, width: 2)
                case 4: unsafe gather(source, target, elements: elements, width: 4)
                case 8: unsafe gather(source, target, elements: elements, width: 8)
                default: unsafe gather(source, target, elements: elements, width: width)
                }
                for tail in (elements * width)..<source.count {
                    unsafe target[tail] = unsafe source[tail]
                }
            }
        }
        return output
    }

    @inline(__always)
    private static func gather(
        _ source: UnsafeBufferPointer<UInt8>, _ target: UnsafeMutableBufferPointer<UInt8>, elements: Int, width: Int
    ) {
        var to = 0
        for i in 0..<elements {
            var from = i
            for _ in 0..<width {
                unsafe target[to] = unsafe source[from]
                to += 1
                from += elements
            }
        }
    }
}
