#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The text of a POSIX error number, for messages ("No such file or directory").
public func systemErrorText(_ code: Int32) -> String {
    unsafe String(cString: strerror(code))
}
