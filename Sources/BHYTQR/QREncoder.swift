import CQRencode
#if canImport(Glibc)
import Glibc
#endif

/// Why text could not be made into a QR code.
public enum QREncodeError: Error, Sendable, Hashable, CustomStringConvertible {
    /// More data than a version-40 symbol holds at this level.
    case tooLarge(ErrorCorrection)
    /// A segment's characters do not fit its mode (e.g. a non-digit in the numeric part).
    case invalidSegment(String)
    case failed(String)

    public var description: String {
        switch self {
        case .tooLarge(let l): return "too much data for a QR code at level \(l.rawValue)"
        case .invalidSegment(let s): return "segment not valid for its mode: \(s)"
        case .failed(let s): return "libqrencode failed: \(s)"
        }
    }
}

/// One segment of QR data in a fixed mode.
package enum QRSegment: Sendable, Hashable {
    /// Digits 0–9 (10 bits per 3 digits).
    case numeric(String)
    /// 0–9, A–Z, space and `$%*+-./:` (11 bits per 2 characters).
    case alphanumeric(String)
    /// Any bytes (8 bits each).
    case bytes([UInt8])
}

/// QR encoding through libqrencode.
public enum QREncoder {
    /// Encodes segments at the smallest version ≥ `minimumVersion` that fits.
    package static func encode(_ segments: [QRSegment], errorCorrection: ErrorCorrection = .M,
                              minimumVersion: Int = 1) throws(QREncodeError) -> QRMatrix {
        let level: QRecLevel
        switch errorCorrection {
        case .L: level = QR_ECLEVEL_L
        case .M: level = QR_ECLEVEL_M
        case .Q: level = QR_ECLEVEL_Q
        case .H: level = QR_ECLEVEL_H
        }
        guard let input = QRinput_new2(Int32(max(1, min(40, minimumVersion))), level) else { throw .failed("no memory") }
        defer { QRinput_free(input) }
        for segment in segments {
            let (mode, data): (QRencodeMode, [UInt8]) = switch segment {
            case .numeric(let s): (QR_MODE_NUM, Array(s.utf8))
            case .alphanumeric(let s): (QR_MODE_AN, Array(s.utf8))
            case .bytes(let b): (QR_MODE_8, b)
            }
            let status = data.withUnsafeBufferPointer { QRinput_append(input, mode, Int32($0.count), $0.baseAddress) }
            guard status == 0 else { throw .invalidSegment(String(decoding: data.prefix(40), as: UTF8.self)) }
        }
        errno = 0
        guard let code = QRcode_encodeInput(input) else {
            throw errno == ERANGE ? .tooLarge(errorCorrection) : .failed("errno \(errno)")
        }
        defer { QRcode_free(code) }
        let width = Int(code.pointee.width)
        let buffer = UnsafeBufferPointer(start: code.pointee.data, count: width * width)
        return QRMatrix(version: Int(code.pointee.version), errorCorrection: errorCorrection, size: width,
                        modules: buffer.map { $0 & 1 == 1 })
    }

    /// The segments for a card's QR text: a signed card (`PREFIX:digits`) as an
    /// alphanumeric segment then a numeric one, never byte mode; anything else
    /// (legacy text) as bytes, as today's cards carry it.
    package static func segments(forCardText text: String) -> [QRSegment] {
        let u = Array(text.utf8)
        if let colon = u.firstIndex(of: UInt8(ascii: ":")), colon > 0, colon + 1 < u.count,
           u[..<colon].allSatisfy({ ($0 >= 65 && $0 <= 90) || ($0 >= 48 && $0 <= 57) }),
           u[(colon + 1)...].allSatisfy({ $0 >= 48 && $0 <= 57 }) {
            return [.alphanumeric(String(decoding: u[...colon], as: UTF8.self)),
                    .numeric(String(decoding: u[(colon + 1)...], as: UTF8.self))]
        }
        return [.bytes(u)]
    }

    /// Data codewords of versions 1–40 at level M (ISO/IEC 18004, table 7).
    static let dataCodewordsM = [16, 28, 44, 64, 86, 108, 124, 154, 182, 216, 254, 290, 334, 365, 415, 453, 507, 563, 627, 669,
                                 714, 782, 860, 914, 1000, 1062, 1128, 1193, 1267, 1373, 1455, 1541, 1631, 1725, 1812, 1914,
                                 1992, 2102, 2216, 2334]

    /// The version ``encode(cardText:errorCorrection:minimumVersion:)`` gives a card's text at
    /// level M, from the segments' bit lengths alone (no symbol made, no mask chosen); `nil`
    /// when no version holds it. A test checks it against libqrencode.
    package static func versionAtLevelM(cardText text: String) -> Int? {
        let segments = segments(forCardText: text)
        for version in 1...40 {
            let sizeClass = version <= 9 ? 0 : version <= 26 ? 1 : 2
            var bits = 0
            for segment in segments {
                switch segment {
                case .numeric(let s):
                    let n = s.utf8.count
                    bits += 4 + [10, 12, 14][sizeClass] + 10 * (n / 3) + [0, 4, 7][n % 3]
                case .alphanumeric(let s):
                    let n = s.utf8.count
                    bits += 4 + [9, 11, 13][sizeClass] + 11 * (n / 2) + 6 * (n % 2)
                case .bytes(let b):
                    bits += 4 + [8, 16, 16][sizeClass] + 8 * b.count
                }
            }
            if bits <= dataCodewordsM[version - 1] * 8 { return version }
        }
        return nil
    }

    /// Encodes a card's QR text (see ``segments(forCardText:)``).
    public static func encode(cardText: String, errorCorrection: ErrorCorrection = .M,
                              minimumVersion: Int = 1) throws(QREncodeError) -> QRMatrix {
        try encode(segments(forCardText: cardText), errorCorrection: errorCorrection, minimumVersion: minimumVersion)
    }
}
