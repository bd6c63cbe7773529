import MLVFormats
import Testing

@Suite struct NPYArrayMalformedTests {
    @Test("a file without the magic is not npy")
    func badMagic() {
        for bytes in [[], Array("NUMPY\u{1}\u{0}".utf8), [0x93] + Array("NUMPZ".utf8) + [1, 0, 0, 0]] {
            let error = #expect(throws: FormatsError.self) { try NPYArray(bytes: bytes) }
            #expect(error?.code == .malformed)
            #expect(error?.message == #"not an npy file: it does not start with "\x93NUMPY""#)
        }
    }

    @Test("versions other than 1.0, 2.0 and 3.0 are unsupported", arguments: [(UInt8(4), UInt8(0)), (1, 1), (0, 0)])
    func version(major: UInt8, minor: UInt8) {
        var bytes = npyFile(header: "{}")
        bytes[6] = major
        bytes[7] = minor
        let error = #expect(throws: FormatsError.self) { try NPYArray(bytes: bytes) }
        #expect(error?.code == .unsupported)
        #expect(error?.message == "npy format version \(major).\(minor) is not supported (mlv reads 1.0, 2.0 and 3.0)")
    }

    @Test("a header length past the end of the file is truncated")
    func headerPastEnd() {
        let bytes = Array(npyFile(header: "{'descr': '<f4', 'fortran_order': False, 'shape': (), }").dropLast(5))
        let error = #expect(throws: FormatsError.self) { try NPYArray(bytes: bytes) }
        #expect(error?.code == .truncated)
        #expect(error?.message == "npy header length 55 runs past the end of the file: 65 bytes needed, 60 present")
        let noLength = #expect(throws: FormatsError.self) {
            try NPYArray(bytes: [0x93] + Array("NUMPY".utf8) + [2, 0, 1])
        }
        #expect(noLength?.code == .truncated)
    }

    @Test("a header length over 1 MiB is refused")
    func headerTooLarge() {
        let bytes: [UInt8] = [0x93] + Array("NUMPY".utf8) + [2, 0, 0x01, 0x00, 0x10, 0x00]
        let error = #expect(throws: FormatsError.self) { try NPYArray(bytes: bytes) }
        #expect(error?.code == .headerTooLarge)
        #expect(error?.message == "npy header length 1048577 is over the limit of 1048576 bytes")
    }

    /// One malformed header per failure mode: a label, the header text, the data, and the code.
    static let malformed: [(String, String, [UInt8], FormatsError.Code)] = [
        ("not a literal", "descr = '<f4'", [], .invalidHeader),
        ("not a dict", "('<f4', False, ())", [], .invalidHeader),
        ("unterminated dict", "{'descr': '<f4', 'fortran_order': False, 'shape': ()", [], .invalidHeader),
        ("text after the dict", "{'descr': '<f4', 'fortran_order': False, 'shape': ()} x", [], .invalidHeader),
        ("missing shape", "{'descr': '<f4', 'fortran_order': False}", [], .invalidHeader),
        ("extra key", "{'descr': '<f4', 'fortran_order': False, 'shape': (), 'x': 1}", [], .invalidHeader),
        ("non-string key", "{'descr': '<f4', 'fortran_order': False, 'shape': (), 1: 1}", [], .invalidHeader),
        ("duplicate key", "{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': ()}", [], .invalidHeader),
        ("shape not a tuple", "{'descr': '|u1', 'fortran_order': False, 'shape': (2)}", [0, 0], .invalidHeader),
        ("shape a list", "{'descr': '|u1', 'fortran_order': False, 'shape': [2]}", [0, 0], .invalidHeader),
        ("dimension not an int", "{'descr': '|u1', 'fortran_order': False, 'shape': ('2',)}", [0, 0], .invalidHeader),
        ("fortran_order not a bool", "{'descr': '|u1', 'fortran_order': 0, 'shape': (1,)}", [0], .invalidHeader),
        ("descr not a string", "{'descr': 4, 'fortran_order': False, 'shape': (1,)}", [0], .invalidHeader),
        ("Python 2 long in version 3", "{'descr': '|u1', 'fortran_order': False, 'shape': (1L,)}", [0], .invalidHeader),
        ("negative dimension", "{'descr': '|u1', 'fortran_order': False, 'shape': (-1,)}", [], .invalidShape),
        (
            "element count overflow", "{'descr': '<f8', 'fortran_order': False, 'shape': (4294967296, 4294967296)}",
            [], .invalidShape
        ),
        ("unknown descr", "{'descr': '<u2', 'fortran_order': False, 'shape': (1,)}", [0, 0], .unsupported),
        ("complex descr", "{'descr': '<c8', 'fortran_order': False, 'shape': (1,)}", [], .unsupported),
        ("structured descr", "{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (1,)}", [], .unsupported),
        ("data too short", "{'descr': '<f4', 'fortran_order': False, 'shape': (2,)}", [0, 0, 0, 0], .truncated),
        ("data too long", "{'descr': '|u1', 'fortran_order': False, 'shape': (1,)}", [1, 2], .malformed),
    ]

    @Test("malformed headers and data are refused with the code of their failure", arguments: malformed)
    func malformedHeader(label: String, header: String, data: [UInt8], code: FormatsError.Code) {
        let major: UInt8 = label.contains("version 3") ? 3 : 1
        let error = #expect(throws: FormatsError.self, "\(label)") {
            try NPYArray(bytes: npyFile(major: major, header: header, data: data))
        }
        #expect(error?.code == code, "\(label): \(error?.message ?? "")")
        #expect(error?.message.hasPrefix("npy") == true, "\(label)")
    }

    @Test("messages name what is wrong")
    func messages() {
        let short = npyFile(header: "{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }", data: [0, 0])
        #expect(
            (#expect(throws: FormatsError.self) { try NPYArray(bytes: short) })?.message
                == "npy data: shape (3, 4) of F32 needs 48 bytes after the 69-byte header, found 2")
        let missing = npyFile(header: "{'descr': '<f4', 'shape': ()}")
        #expect(
            (#expect(throws: FormatsError.self) { try NPYArray(bytes: missing) })?.message
                == "npy header has no 'fortran_order'")
        let descr = npyFile(header: "{'descr': '<u4', 'fortran_order': False, 'shape': ()}")
        #expect(
            (#expect(throws: FormatsError.self) { try NPYArray(bytes: descr) })?.message.hasPrefix(
                "npy header: descr '<u4' is not a dtype mlv reads") == true)
    }

    @Test("a version 3.0 header must be UTF-8")
    func invalidUTF8() {
        var bytes = npyFile(major: 3, header: "{'descr': '|u1', 'fortran_order': False, 'shape': ()} ", data: [0])
        bytes[bytes.count - 2] = 0xFF
        let error = #expect(throws: FormatsError.self) { try NPYArray(bytes: bytes) }
        #expect(error?.code == .invalidHeader)
        #expect(error?.message == "npy header (version 3.0) is not valid UTF-8")
    }

    @Test("an array's bytes must match its shape")
    func arrayShape() {
        let error = #expect(throws: FormatsError.self) { try NPYArray(dtype: .f64, shape: [2], data: [0, 0]) }
        #expect(error?.code == .shapeMismatch)
        #expect(error?.message == "npy array has 2 bytes but shape (2,) of F64 needs 16 bytes")
    }
}
