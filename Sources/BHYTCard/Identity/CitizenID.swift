/// A citizen ID card's QR, read (căn cước công dân, CCCD; since July 2024 the "thẻ căn cước";
/// the same text in the VNeID app): who the person at the desk is.
///
/// It proves nothing by itself (the QR is plain text, unsigned): it is compared with a card
/// (``IdentityMatch``) so that a borrowed insurance card shows.
package struct CitizenID: Sendable, Hashable {
    /// The personal ID number (số định danh cá nhân): 12 digits. Its first digits have meant a
    /// province, a century and sex, and a year, but only the 12 digits are promised: any is taken.
    package let personalId: String
    /// The old 9-digit identity card number (số CMND cũ), when the QR carries one.
    package let oldId: String?
    /// The full name (họ và tên), in Unicode NFC.
    package let fullName: String
    /// The date of birth (ngày sinh); a year only when the card gives only the year.
    package let birthDate: CardDate
    /// Sex (giới tính).
    package let sex: Sex
    /// The permanent address (nơi thường trú). Personal: never logged, kept or counted.
    package let address: String
    /// The issue date (ngày cấp), when the QR carries one.
    package let issueDate: CardDate?

    package init(personalId: String, oldId: String?, fullName: String, birthDate: CardDate, sex: Sex, address: String, issueDate: CardDate?) {
        self.personalId = personalId
        self.oldId = oldId
        self.fullName = fullName
        self.birthDate = birthDate
        self.sex = sex
        self.address = address
        self.issueDate = issueDate
    }
}
