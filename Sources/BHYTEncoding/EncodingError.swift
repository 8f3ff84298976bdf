/// Why bytes or text could not be decoded by one of this module's transports
/// (Base10, Base45, zlib): the one error type of `BHYTEncoding`.
package enum EncodingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Base10: a character other than 0–9, at this offset.
    case notADigit(offset: Int)
    /// Base10 or Base45: a length no sequence of groups has.
    case invalidLength(Int)
    /// Base10 or Base45: a group's value does not fit in its bytes, at this group's offset.
    case groupOverflow(offset: Int)
    /// Base45: a character outside the alphabet, at this offset.
    case notInAlphabet(offset: Int)
    /// zlib: not a valid stream (bad header, bad data, bad checksum).
    case zlibCorrupt(String)
    /// zlib: the stream ends before its end marker.
    case zlibTruncated
    /// zlib: inflating would give more than the limit.
    case inflatesTooLarge(limit: Int)
    /// zlib: bytes follow the end of the stream.
    case zlibTrailingBytes

    package var description: String {
        switch self {
        case .notADigit(let o): return "character at \(o) is not a digit"
        case .invalidLength(let n): return "\(n) characters is not a valid length"
        case .groupOverflow(let o): return "the group at \(o) is too large for its bytes"
        case .notInAlphabet(let o): return "character at \(o) is not in the alphabet"
        case .zlibCorrupt(let why): return "corrupt zlib data (\(why))"
        case .zlibTruncated: return "zlib data ends early"
        case .inflatesTooLarge(let limit): return "inflates to more than \(limit) bytes"
        case .zlibTrailingBytes: return "bytes after the end of the zlib data"
        }
    }
}
