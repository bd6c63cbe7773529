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
                for k in 0..<width {
                    let row = k * elements
                    var from = k
                    for i in 0..<elements {
                        unsafe target[row + i] = unsafe source[from]
                        from += width
                    }
                }
                for tail in (elements * width)..<source.count {
                    unsafe target[tail] = unsafe source[tail]
                }
            }
        }
        return output
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
                for k in 0..<width {
                    let row = k * elements
                    var to = k
                    for i in 0..<elements {
                        unsafe target[to] = unsafe source[row + i]
                        to += width
                    }
                }
                for tail in (elements * width)..<source.count {
                    unsafe target[tail] = unsafe source[tail]
                }
            }
        }
        return output
    }
}
