/// A health-insurance card (thẻ BHYT): every field of the legacy QR text, as values.
///
/// The same model writes the legacy QR text (``LegacyCodec``) and the signed card
/// claim (``CardClaim``). It does no I/O; ``validate()`` lists every problem it has.
public struct Card: Sendable, Hashable {
    /// Card code (mã thẻ). Its form decides the legacy layout: a 10-digit code is a 2021-design card.
    public var code: CardCode
    /// Full name (họ tên).
    public var fullName: String
    /// Date of birth (ngày sinh); may be a year only.
    public var birthDate: CardDate
    /// Sex (giới tính).
    public var sex: Sex
    /// Address (địa chỉ); on older cards often the employer or school.
    public var address: String?
    /// Registered first-contact facility (nơi đăng ký KCB ban đầu).
    public var registeredFacility: FacilityCode
    /// Valid from (giá trị sử dụng từ ngày).
    public var validFrom: CardDate
    /// Valid to (đến ngày); `nil` for an open-ended card.
    public var validTo: CardDate?
    /// Issue date (ngày cấp).
    public var issueDate: CardDate?
    /// Management code (mã quản lý): 4 digits of the issuing agency + the 10-digit number (12 digits on some old cards).
    public var managementCode: String?
    /// Parent or guardian name (tên cha mẹ / người giám hộ), for children.
    public var guardianName: String?
    /// Living-area code (mã nơi sống).
    public var livingArea: LivingArea?
    /// The date the holder reaches five continuous years of coverage (thời điểm đủ 5 năm liên tục).
    public var fiveYearsContinuousFrom: CardDate?
    /// The legacy check string (chuỗi kiểm tra): opaque, kept as read, never validated.
    public var checkString: String?
    /// Benefit level (mức hưởng). For 15-character codes it must agree with the code's digit.
    public var benefitLevel: BenefitLevel?
    /// The place that issued or re-issued the card (nơi cấp/đổi thẻ), 2021 design.
    public var issuingPlace: String?
    /// The holder's personal ID number (số định danh cá nhân, on the citizen ID card), 12
    /// digits, on signed cards issued with it: the desk matches it with the CCCD shown.
    /// Personal: never logged.
    public var personalId: String?

    /// A card from its fields (nothing is checked here: ``validate()`` lists every problem).
    public init(code: CardCode, fullName: String, birthDate: CardDate, sex: Sex, address: String? = nil,
                registeredFacility: FacilityCode, validFrom: CardDate, validTo: CardDate? = nil,
                issueDate: CardDate? = nil, managementCode: String? = nil, guardianName: String? = nil,
                livingArea: LivingArea? = nil, fiveYearsContinuousFrom: CardDate? = nil,
                checkString: String? = nil, benefitLevel: BenefitLevel? = nil, issuingPlace: String? = nil,
                personalId: String? = nil) {
        self.code = code
        self.fullName = fullName
        self.birthDate = birthDate
        self.sex = sex
        self.address = address
        self.registeredFacility = registeredFacility
        self.validFrom = validFrom
        self.validTo = validTo
        self.issueDate = issueDate
        self.managementCode = managementCode
        self.guardianName = guardianName
        self.livingArea = livingArea
        self.fiveYearsContinuousFrom = fiveYearsContinuousFrom
        self.checkString = checkString
        self.benefitLevel = benefitLevel ?? code.benefitLevel
        self.issuingPlace = issuingPlace
        self.personalId = personalId
    }

    /// The legacy QR layout this card is written in: 2021 design for a 10-digit code.
    package var legacyGeneration: LegacyGeneration { code.form == .design2021 ? .design2021 : .gen2016 }

    /// The 10-digit social-insurance number (mã số BHXH), when the code carries one.
    package var socialInsuranceNumber: String? { code.socialInsuranceNumber }

    /// Whether the card is valid on a civil date in Vietnam.
    package func isValid(on date: CardDate) -> Bool {
        date >= validFrom && (validTo.map { date <= $0 } ?? true)
    }
}

/// The two generations of the legacy QR text.
public enum LegacyGeneration: String, Sendable, Hashable, Codable {
    /// 2016–2021 cards: 14 fields and `$`.
    case gen2016 = "2016"
    /// 2021 design: 16 fields and `$`.
    case design2021 = "2021"

    /// Fields before the `$` terminator.
    package var fieldCount: Int { self == .gen2016 ? 14 : 16 }
}
