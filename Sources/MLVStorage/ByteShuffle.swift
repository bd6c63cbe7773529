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
    /// One of the two dimensions is the element width (2, 4 or 8 here). The loops are written per
    /// width so that the inner loop over the narrow dimension is unrolled and the outer one, over
    /// elements, reads or writes `width` sequential streams; the optimizer vectorizes them.
    private static func transpose(_ input: [UInt8], rows: Int, columns: Int) -> [UInt8] {
        let count = input.count
        return unsafe [UInt8](unsafeUninitializedCapacity: count) { target, initialized in
            unsafe input.withUnsafeBufferPointer { source in
                guard let from = source.baseAddress, let to = target.baseAddress else { return }
                switch (rows, columns) {
                case (_, 2): unsafe split(from, to, elements: rows, width: 2)
                case (_, 4): unsafe split(from, to, elements: rows, width: 4)
                case (_, 8): unsafe split(from, to, elements: rows, width: 8)
                case (2, _): unsafe join(from, to, elements: columns, width: 2)
                case (4, _): unsafe join(from, to, elements: columns, width: 4)
                case (8, _): unsafe join(from, to, elements: columns, width: 8)
                default: unsafe generic(from, to, rows: rows, columns: columns)
                }
                let whole = rows * columns
                unsafe (to + whole).initialize(from: from + whole, count: count - whole)
            }
            initialized = count
        }
    }

    /// Shuffle: byte `k` of element `i` goes to `k * elements + i`.
    @inline(__always)
    private static func split(
        _ source: UnsafePointer<UInt8>, _ target: UnsafeMutablePointer<UInt8>, elements: Int, width: Int
    ) {
        for element in 0..<elements {
            let base = element * width
            for position in 0..<width {
                unsafe (target + position * elements + element).initialize(to: source[base + position])
            }
        }
    }

    /// Unshuffle: byte `k * elements + i` goes back to byte `k` of element `i`.
    @inline(__always)
    private static func join(
        _ source: UnsafePointer<UInt8>, _ target: UnsafeMutablePointer<UInt8>, elements: Int, width: Int
    ) {
        for element in 0..<elements {
            let base = element * width
            for position in 0..<width {
                unsafe (target + base + position).initialize(to: source[position * elements + element])
            }
        }
    }

    /// Any other shape, one byte at a time.
    private static func generic(
        _ source: UnsafePointer<UInt8>, _ target: UnsafeMutablePointer<UInt8>, rows: Int, columns: Int
    ) {
        var to = 0
        for column in 0..<columns {
            var from = column
            for _ in 0..<rows {
                unsafe (target + to).initialize(to: source[from])
                to += 1
                from += columns
            }
        }
    }
}
