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
                case (_, 4): unsafe split4(from, to, elements: rows)
                case (_, 8): unsafe split(from, to, elements: rows, width: 8)
                case (2, _): unsafe join(from, to, elements: columns, width: 2)
                case (4, _): unsafe join4(from, to, elements: columns)
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

    /// ``split(_:_:elements:width:)`` for 4-byte elements: each element is loaded as one word.
    @inline(__always)
    private static func split4(_ source: UnsafePointer<UInt8>, _ target: UnsafeMutablePointer<UInt8>, elements: Int) {
        let raw = UnsafeRawPointer(source)
        let p1 = unsafe target + elements
        let p2 = unsafe target + 2 * elements
        let p3 = unsafe target + 3 * elements
        for element in 0..<elements {
            let word = unsafe UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: element * 4, as: UInt32.self))
            unsafe target[element] = UInt8(truncatingIfNeeded: word)
            unsafe p1[element] = UInt8(truncatingIfNeeded: word >> 8)
            unsafe p2[element] = UInt8(truncatingIfNeeded: word >> 16)
            unsafe p3[element] = UInt8(truncatingIfNeeded: word >> 24)
        }
    }

    /// ``join(_:_:elements:width:)`` for 4-byte elements (float32, the common case): each element
    /// is assembled in a register and stored as one word, which the optimizer vectorizes; byte
    /// stores to four places per element ran at a third of the speed.
    @inline(__always)
    private static func join4(_ source: UnsafePointer<UInt8>, _ target: UnsafeMutablePointer<UInt8>, elements: Int) {
        let raw = UnsafeMutableRawPointer(target)
        let p0 = source
        let p1 = unsafe source + elements
        let p2 = unsafe source + 2 * elements
        let p3 = unsafe source + 3 * elements
        for element in 0..<elements {
            let word =
                unsafe UInt32(p0[element]) | UInt32(p1[element]) << 8 | UInt32(p2[element]) << 16
                | UInt32(p3[element]) << 24
            unsafe raw.storeBytes(of: word.littleEndian, toByteOffset: element * 4, as: UInt32.self)
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
