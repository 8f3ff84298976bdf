/// Reads and writes the legacy BHYT QR text (`field|field|…|$`), both generations.
///
/// Reading is tolerant of what scanners deliver (either hex case, spaces around
/// fields, CR/LF, a missing `$`, an en-dash in the facility, year-only birth dates,
/// `-` for empty fields, text mangled by a Vietnamese input method); writing is exact.
public enum LegacyCodec {
    /// The longest text read; longer input is refused before any parsing.
    public static let maximumLength = 4096

    /// Reads one card. Throws a ``CardError`` naming the field and the problem.
    public static func read(_ input: String) throws(CardError) -> LegacyCardText {
        guard input.utf8.count <= maximumLength else {
            throw CardError(.legacyTooLong, en: "The text is \(input.utf8.count) bytes; at most \(maximumLength) are read.",
                                  vi: "Chuỗi dài \(input.utf8.count) byte; tối đa \(maximumLength).")
        }
        var line = Substring(input)
        while let last = line.last, last == "\n" || last == "\r" || last == "\r\n" { line.removeLast() }
        guard !line.allSatisfy({ $0 == " " || $0 == "\t" }) else {
            throw CardError(.legacyEmpty, en: "The text is empty.", vi: "Chuỗi trống.")
        }
        var tokens = line.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        var repairedFrom: InputMethod?
        var checkStringLost = false
        if VietnameseLetter.occurs(in: line) {
            let repair = try InputMethodRepair.repair(tokens)
            (tokens, repairedFrom, checkStringLost) = (repair.tokens, repair.method, repair.checkStringLost)
        }
        if let bad = tokens.firstIndex(where: { $0.unicodeScalars.contains { TextSafety.isUnsafe($0) && $0 != "\t" } }) {
            throw CardError(.legacyFieldInvalid, field: bad, en: "contains control or direction characters", vi: "chứa ký tự điều khiển")
        }

        // Terminator: `$` (with spaces), or missing; an empty last token after a final `|` counts as missing.
        var terminator = "$"
        var terminatorMissing = false
        if let last = tokens.last, last.trimmingSpaces == "$" {
            terminator = last
            tokens.removeLast()
        } else if tokens.count == 15 || tokens.count == 17, tokens.last?.trimmingSpaces.isEmpty == true {
            tokens.removeLast()
            terminatorMissing = true
        } else {
            terminatorMissing = true
        }
        let generation: LegacyGeneration
        switch tokens.count {
        case 14: generation = .gen2016
        case 16: generation = .design2021
        case 0, 1:
            throw CardError(.legacyFieldCount, en: "This is not BHYT card QR text: it has no | separators.",
                                  vi: "Đây không phải chuỗi QR thẻ BHYT: không có dấu phân cách |.")
        default:
            throw CardError(.legacyFieldCount, en: "Found \(tokens.count) fields; a card has 14 (2016–2021) or 16 (2021 design) before the final $.",
                                  vi: "Có \(tokens.count) trường; thẻ có 14 (mẫu 2016–2021) hoặc 16 (mẫu 2021) trường trước dấu $.")
        }
        let card = try parseCard(tokens.map(\.trimmingSpaces), generation: generation)
        return LegacyCardText(card: card, generation: generation, repairedFrom: repairedFrom, checkStringLost: checkStringLost,
                              terminatorMissing: terminatorMissing, rawFields: tokens, rawTerminator: terminator,
                              canonicalAtRead: fieldTexts(card))
    }

    private static func field<T>(_ index: Int, _ r: Result<T, LegacyFieldParser.FieldFailure>) throws(CardError) -> T {
        switch r {
        case .success(let v): return v
        case .failure(let f): throw CardError(.legacyFieldInvalid, field: index, en: f.en, vi: f.vi)
        }
    }

    private static func parseCard(_ f: [String], generation: LegacyGeneration) throws(CardError) -> Card {
        typealias P = LegacyFieldParser
        let issueDate = try field(8, P.date(f[8], required: false, yearOnlyAllowed: false))
        let code = try field(0, P.code(f[0], issuedBefore2016: (issueDate?.year ?? 9999) < 2016))
        if (code.form == .design2021) != (generation == .design2021) {
            throw generation == .design2021
                ? CardError(.legacyFieldInvalid, field: 0, en: "a 2021-design card (16 fields) has a 10-digit code, not '\(f[0])'",
                                  vi: "thẻ mẫu 2021 (16 trường) có mã 10 chữ số, không phải '\(f[0])'")
                : CardError(.legacyFieldInvalid, field: 0, en: "a 2016–2021 card (14 fields) has a 15-character code, not '\(f[0])'",
                                  vi: "thẻ mẫu 2016–2021 (14 trường) có mã 15 ký tự, không phải '\(f[0])'")
        }
        var benefit = code.benefitLevel
        var issuingPlace: String?
        if generation == .design2021 {
            benefit = try field(14, P.benefitLevel(f[14]))
            issuingPlace = try field(15, P.text(f[15], required: false))
        }
        return Card(
            code: code,
            fullName: try field(1, P.requiredText(f[1])),
            birthDate: try field(2, P.requiredDate(f[2], yearOnlyAllowed: true)),
            sex: try field(3, P.sex(f[3])),
            address: try field(4, P.text(f[4], required: false)),
            registeredFacility: try field(5, P.facility(f[5])),
            validFrom: try field(6, P.requiredDate(f[6], yearOnlyAllowed: false)),
            validTo: try field(7, P.date(f[7], required: false, yearOnlyAllowed: false)),
            issueDate: issueDate,
            managementCode: try field(9, P.digits(f[9])),
            guardianName: try field(10, P.text(f[10], required: false)),
            livingArea: try field(11, P.livingArea(f[11])),
            fiveYearsContinuousFrom: try field(12, P.date(f[12], required: false, yearOnlyAllowed: false)),
            checkString: try field(13, P.checkString(f[13])),
            benefitLevel: benefit,
            issuingPlace: issuingPlace)
    }

    /// The canonical text of each field of a card, in its generation's layout.
    static func fieldTexts(_ card: Card) -> [String] {
        func opt(_ s: String?) -> String { s ?? "-" }
        var f = [
            card.code.text,
            Hex.encode(card.fullName),
            card.birthDate.legacyText,
            String(card.sex.rawValue),
            opt(card.address.map(Hex.encode)),
            card.registeredFacility.display,
            card.validFrom.legacyText,
            opt(card.validTo?.legacyText),
            opt(card.issueDate?.legacyText),
            opt(card.managementCode),
            opt(card.guardianName.map(Hex.encode)),
            opt(card.livingArea?.code),
            opt(card.fiveYearsContinuousFrom?.legacyText),
            opt(card.checkString),
        ]
        if card.legacyGeneration == .design2021 {
            f.append(opt(card.benefitLevel.map { String($0.rawValue) }))
            f.append(opt(card.issuingPlace.map(Hex.encode)))
        }
        return f
    }

    /// Writes a card as legacy QR text in its generation's layout (2021 design for a
    /// 10-digit code): lower-case hex, `TT - CCC`, `-` for empty fields, final `$`.
    /// With `original`, every field whose value is unchanged keeps its spelling as read.
    public static func write(_ card: Card, preserving original: LegacyCardText? = nil) -> String {
        var fields = fieldTexts(card)
        var terminator = "$"
        if let original, original.generation == card.legacyGeneration {
            for i in fields.indices where original.canonicalAtRead[i] == fields[i] {
                fields[i] = original.rawFields[i]
            }
            terminator = original.rawTerminator
        }
        return fields.joined(separator: "|") + "|" + terminator
    }
}
