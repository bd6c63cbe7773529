/// Byte shuffling for arrays of fixed-width numbers (docs/FORMAT-chunking.md §3.2).
///
/// With width `w`, `n` bytes hold `e = n / w` whole elements and `t = n % w` trailing bytes.
/// Shuffling writes byte `k` of every element together: output byte `k * e + i` is input byte
/// `i * w + k` for `k < w`, `i < e`; the `t` trailing bytes follow unchanged. The exponent bytes of
/// floats then sit side by side, which zlib compresses far better than the interleaved layout.
///
/// Both directions are a transpose of the `e × w` byte matrix (and back), so one routine serves.
enum ByteShuffle {
    /// Groups byte `k` of every `width`-byte element together; see the type's documentation.
    ///
    /// `width` must be at least 1; width 1 returns the input.
    /// - Complexity: O(n).
    static func shuffle(_ input: [UInt8], width: Int) -> [UInt8] {
        guard width > 1, input.count >= width else { return input }
        return transpose(input, rows: input.count / width, columns: width)
    }

    /// Inverse of ``shuffle(_:width:)``.
    /// - Complexity: O(n).
    static func unshuffle(_ input: [UInt8], width: Int) -> [UInt8] {
        guard width > 1, input.count >= width else { return input }
        return transpose(input, rows: width, columns: input.count / width)
    }

    /// Transposes the first `rows × columns` bytes (row-major) and keeps any bytes after them.
    ///
    /// Writes are sequential; reads come from `rows` streams (at most 8 for unshuffle) or with a
    /// stride of `columns` bytes (at most 8 for shuffle), both kind to the cache.
    private static func transpose(_ input: [UInt8], rows: Int, columns: Int) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: input.count)
        unsafe input.withUnsafeBufferPointer { source in
            unsafe output.withUnsafeMutableBufferPointer { target in
                var to = 0
                for column in 0..<columns {
                    var from = column
                    for _ in 0..<rows {
                        unsafe target[to] = unsafe source[from]
                        to += 1
                        from += columns
                    }
                }
                for tail in (rows * columns)..<source.count {
                    unsafe target[tail] = unsafe source[tail]
                }
            }
        }
        return output
    }
}
