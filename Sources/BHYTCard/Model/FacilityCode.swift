/// A registered first-contact facility code (mã nơi đăng ký KCB ban đầu): a
/// two-digit province and three characters, shown as `TT - CCC`.
public struct FacilityCode: Sendable, Hashable, CustomStringConvertible {
    /// The five characters, e.g. `56001` or `01C54`.
    public let code: String

    /// A code from its five characters (2 digits, then 3 upper-case letters or digits),
    /// or from the printed form `TT - CCC` (hyphen or en-dash, any spaces).
    public init?(_ text: String) {
        // The canonical five characters, directly.
        if text.utf8.count == 5 {
            for (i, c) in text.utf8.enumerated() where !(isDigit(c) || (i >= 2 && isUpper(c))) { return nil }
            code = text
            return
        }
        let compact = text.unicodeScalars.filter { $0 != " " && $0 != "-" && $0 != "\u{2013}" }
        let u = Array(String(String.UnicodeScalarView(compact)).utf8)
        guard u.count == 5, u[0...1].allSatisfy(isDigit), u[2...4].allSatisfy({ isDigit($0) || isUpper($0) }) else { return nil }
        // The separated form must really have a separator between the parts.
        if compact.count != text.unicodeScalars.count {
            let parts = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "-" || $0 == "\u{2013}" })
            guard parts.count == 2,
                  parts[0].trimmingSpaces.count == 2, parts[1].trimmingSpaces.count == 3 else { return nil }
        }
        code = String(decoding: u, as: UTF8.self)
    }

    /// A code known to be valid (constants in this module).
    init(uncheckedCode code: String) { self.code = code }

    /// The province part (TT).
    public var provinceCode: String { String(code.prefix(2)) }
    /// The facility part (CCC).
    package var facilityPart: String { String(code.suffix(3)) }
    /// `TT - CCC`, as printed on cards and in the legacy QR text.
    package var display: String { "\(provinceCode) - \(facilityPart)" }
    public var description: String { display }
}

func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }
func isUpper(_ c: UInt8) -> Bool { c >= 65 && c <= 90 }

extension Substring {
    var trimmingSpaces: Substring {
        var s = self
        while s.first == " " { s.removeFirst() }
        while s.last == " " { s.removeLast() }
        return s
    }
}

extension String {
    var trimmingSpaces: String { String(self[...].trimmingSpaces) }
}
