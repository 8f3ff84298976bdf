/// A card code (mã thẻ BHYT) in one of its three forms.
///
/// * ``Form/standard``: 15 characters, 2016–2021 cards: object code (2 letters),
///   benefit level (1 digit), province (2 digits), social-insurance number (10 digits),
///   e.g. `DN4560123456789`.
/// * ``Form/design2021``: the 10-digit social-insurance number alone (mã số BHXH),
///   as the 2021 card design prints it; the benefit level is a separate field.
/// * ``Form/pre2016``: 15 characters split 2/1/2/2/3/5 (object, benefit, province,
///   district, unit, serial), with benefit digits up to 7.
public struct CardCode: Sendable, Hashable, CustomStringConvertible {
    /// Which of the three layouts the code has.
    public enum Form: String, Sendable, Hashable, Codable {
        case standard
        case design2021
        case pre2016
    }

    /// The code as written (always upper case).
    public let text: String
    /// The code's layout.
    public let form: Form

    /// Reads a code. A 15-character code is taken as ``Form/pre2016`` when its benefit
    /// digit is 6 or 7, when its last ten characters are not all digits, or when the
    /// card was issued before 2016 (`issuedBefore2016`).
    public init?(_ raw: String, issuedBefore2016: Bool = false) {
        // Upper-cased into a fixed buffer (a code is at most 15 bytes; no heap allocation).
        var u = (0 as UInt8, 0 as UInt8, 0 as UInt8, 0 as UInt8, 0 as UInt8, 0 as UInt8, 0 as UInt8, 0 as UInt8,
                 0 as UInt8, 0 as UInt8, 0 as UInt8, 0 as UInt8, 0 as UInt8, 0 as UInt8, 0 as UInt8)
        let count = raw.utf8.count
        guard count == 10 || count == 15 else { return nil }
        var lower = false
        withUnsafeMutableBytes(of: &u) { buf in
            for (i, c) in raw.utf8.enumerated() {
                if c >= 97 && c <= 122 { lower = true }
                buf[i] = c >= 97 && c <= 122 ? c - 32 : c
            }
        }
        let (f, t) = withUnsafeBytes(of: &u) { buf -> (Form?, String) in
            let b = UnsafeRawBufferPointer(rebasing: buf[0..<count])
            return (CardCode.form(of: b, issuedBefore2016: issuedBefore2016), lower ? String(decoding: b, as: UTF8.self) : raw)
        }
        guard let f else { return nil }
        form = f
        text = t
    }

    /// The form of an upper-cased code, or `nil` when it is none.
    private static func form(of u: UnsafeRawBufferPointer, issuedBefore2016: Bool) -> Form? {
        if u.count == 10, u.allSatisfy(isDigit) {
            return .design2021
        } else if u.count == 15, u[0...1].allSatisfy(isUpper), isDigit(u[2]), u[3...4].allSatisfy(isDigit) {
            let digit = Int(u[2] - 48)
            let restDigits = u[5...].allSatisfy(isDigit)
            if (1...5).contains(digit), restDigits, !issuedBefore2016 {
                return .standard
            } else if (1...7).contains(digit), u[5...].allSatisfy({ isDigit($0) || isUpper($0) }) {
                return .pre2016
            }
        }
        return nil
    }

    /// A code known to be valid (constants in this module).
    init(uncheckedText text: String, form: Form) {
        self.text = text
        self.form = form
    }

    public var description: String { text }

    private func part(_ from: Int, _ length: Int) -> String {
        let u = text.utf8
        let start = u.index(u.startIndex, offsetBy: from)
        return String(decoding: u[start..<u.index(start, offsetBy: length)], as: UTF8.self)
    }

    /// The object code (mã đối tượng); `nil` for the 10-digit form.
    public var objectCode: ObjectCode? { form == .design2021 ? nil : ObjectCode(part(0, 2)) }

    /// The benefit digit in the code (1–5, up to 7 before 2016); `nil` for the 10-digit form.
    package var benefitDigit: Int? { form == .design2021 ? nil : Int(part(2, 1)) }

    /// The benefit level the code carries, when its digit is 1–5.
    public var benefitLevel: BenefitLevel? { benefitDigit.flatMap(BenefitLevel.init(rawValue:)) }

    /// The province code (mã tỉnh) in the code; `nil` for the 10-digit form.
    public var provinceCode: String? { form == .design2021 ? nil : part(3, 2) }

    /// The 10-digit social-insurance number (mã số BHXH); `nil` for pre-2016 codes, which have none.
    public var socialInsuranceNumber: String? {
        switch form {
        case .design2021: return text
        case .standard: return part(5, 10)
        case .pre2016: return nil
        }
    }

    /// Pre-2016 parts: district (mã huyện), unit (mã đơn vị) and serial (số thứ tự).
    package var pre2016Parts: (district: String, unit: String, serial: String)? {
        form == .pre2016 ? (part(5, 2), part(7, 3), part(10, 5)) : nil
    }
}
