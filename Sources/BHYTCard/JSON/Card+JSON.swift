import BHYTJSON
internal import Foundation

extension Card {
    /// The card's documented JSON form (docs/FORMAT.md §3), written straight into `w`: every
    /// field, `null` when absent, dates as `yyyy-MM-dd` or `yyyy`, plus the output-only members.
    ///
    /// `personalId` is written only when the card carries one, and never with
    /// `redactingPersonalId` (a log or a record: personal numbers stay out of them).
    package func writeJSON(to w: inout JSONWriter, redactingPersonalId: Bool = false) {
        func date(_ name: StaticString, _ d: CardDate?) {
            w.key(name)
            if let d { w.asciiString { d.appendISO(to: &$0) } } else { w.null() }
        }
        w.beginObject()
        w.member("code", code.text)
        w.member("codeForm", code.form.rawValue)
        w.member("objectCode", code.objectCode?.code)
        w.member("provinceCode", code.provinceCode)
        w.member("socialInsuranceNumber", code.socialInsuranceNumber)
        w.member("fullName", fullName)
        w.key("birthDate")
        w.asciiString { birthDate.appendISO(to: &$0) }
        w.member("sex", sex.jsonName)
        w.member("address", address)
        w.member("registeredFacility", registeredFacility.code)
        w.key("validFrom")
        w.asciiString { validFrom.appendISO(to: &$0) }
        date("validTo", validTo)
        date("issueDate", issueDate)
        w.member("managementCode", managementCode)
        w.member("guardianName", guardianName)
        w.member("livingArea", livingArea?.code)
        date("fiveYearsContinuousFrom", fiveYearsContinuousFrom)
        w.member("checkString", checkString)
        w.member("benefitLevel", benefitLevel.map { Int64($0.rawValue) })
        w.member("benefitPercent", benefitLevel.map { Int64($0.percent) })
        w.member("issuingPlace", issuingPlace)
        if let personalId, !redactingPersonalId { w.member("personalId", personalId) }
        w.endObject()
    }

    /// The card's JSON form as a value (see ``writeJSON(to:)``, which it is made from).
    /// The card's JSON form as text (docs/FORMAT.md §3; docs/schemas/card.schema.json).
    public var jsonText: String {
        var w = JSONWriter(capacity: 1024)
        writeJSON(to: &w)
        return String(decoding: w.bytes, as: UTF8.self)
    }

    package var json: JSONValue {
        var w = JSONWriter()
        writeJSON(to: &w)
        return (try? JSONParser.parse(w.bytes)) ?? .null
    }

    /// The members a card's JSON form has: the fields, and the output-only ones.
    package static let jsonMembers: Set<String> = Set(CardField.allCases.map(\.rawValue) + outputOnlyMembers)
    /// Each member's slot when a card is read.
    static let memberSlots: [String: Int] = Dictionary(uniqueKeysWithValues: jsonMembers.sorted().enumerated().map { ($0.element, $0.offset) })

    /// Text in Unicode NFC (precomposed), the form the card is signed in. Text made only of
    /// ASCII and precomposed Latin letters (every Vietnamese letter has one) with no combining
    /// mark is NFC already and is kept as it is.
    static func nfc(_ s: String) -> String {
        let precomposed = s.unicodeScalars.allSatisfy { c in
            c.value < 0x300 || (0x1E00...0x1EFF).contains(c.value)
        }
        return precomposed ? s : s.precomposedStringWithCanonicalMapping
    }

    /// Members written for people and ignored when read.
    static let outputOnlyMembers = ["codeForm", "objectCode", "provinceCode", "socialInsuranceNumber", "benefitPercent"]

    /// Reads a card from its JSON form. Output-only members (`codeForm`, `objectCode`,
    /// `provinceCode`, `socialInsuranceNumber`, `benefitPercent`) are ignored; absent and
    /// `null` optional members mean the same; any other member is refused by name (a
    /// misspelt `fullname` must not sign a card without a name). Text is normalised to NFC.
    package init(json: JSONValue) throws(CardError) {
        guard case .object(let members) = json else { throw CardError(.cardJSONInvalid, en: "a card is a JSON object", vi: "thẻ phải là một đối tượng JSON") }
        // One pass: each member to its slot (and any other member refused by name).
        var values = [JSONValue?](repeating: nil, count: Card.memberSlots.count)
        for m in members {
            guard let slot = Card.memberSlots[m.key] else {
                let near = Card.jsonMembers.first { $0.lowercased() == m.key.lowercased() }
                throw CardError(.cardJSONInvalid, member: m.key,
                                en: "is not a card member" + (near.map { " (did you mean \($0)?)" } ?? ""),
                                vi: "không phải mục của thẻ" + (near.map { " (ý là \($0)?)" } ?? ""))
            }
            values[slot] = m.value
        }
        func value(_ k: String) -> JSONValue? { Card.memberSlots[k].flatMap { values[$0] } }
        func string(_ k: String, required: Bool = false) throws(CardError) -> String? {
            switch value(k) {
            case nil, .null?:
                if required { throw CardError(.cardJSONInvalid, member: k, en: "is required", vi: "bắt buộc phải có") }
                return nil
            case .string(let s)?: return Card.nfc(s)
            default: throw CardError(.cardJSONInvalid, member: k, en: "must be a string", vi: "phải là chuỗi")
            }
        }
        func date(_ k: String, required: Bool = false) throws(CardError) -> CardDate? {
            guard let s = try string(k, required: required) else { return nil }
            guard let d = CardDate(isoText: s) else { throw CardError(.cardJSONInvalid, member: k, en: "'\(s)' is not a date yyyy-MM-dd or yyyy", vi: "'\(s)' không phải ngày yyyy-MM-dd hoặc yyyy") }
            return d
        }
        func required<T>(_ k: String, _ v: T?) throws(CardError) -> T {
            guard let v else { throw CardError(.cardJSONInvalid, member: k, en: "is required", vi: "bắt buộc phải có") }
            return v
        }
        /// `validTo` must be said: a date, or `null` for an open-ended card (thẻ không thời hạn) —
        /// a card JSON that leaves it out is not taken for an open-ended card without a word.
        func validTo() throws(CardError) -> CardDate? {
            guard value("validTo") != nil else {
                throw CardError(.cardJSONInvalid, member: "validTo",
                                en: "is required: a date yyyy-MM-dd, or null for an open-ended card",
                                vi: "bắt buộc phải có: ngày yyyy-MM-dd, hoặc null cho thẻ không thời hạn")
            }
            return try date("validTo")
        }
        let issue = try date("issueDate")
        let codeText = try string("code", required: true) ?? ""
        guard let code = CardCode(codeText, issuedBefore2016: (issue?.year ?? 9999) < 2016) else {
            throw CardError(.cardJSONInvalid, member: "code", en: "'\(codeText)' is not a card code", vi: "'\(codeText)' không phải mã thẻ")
        }
        let sexText = try string("sex", required: true) ?? ""
        let sex: Sex
        switch sexText {
        case "male", "1": sex = .male
        case "female", "2": sex = .female
        default: throw CardError(.cardJSONInvalid, member: "sex", en: "'\(sexText)' is not male or female", vi: "'\(sexText)' không phải male hoặc female")
        }
        let facilityText = try string("registeredFacility", required: true) ?? ""
        guard let facility = FacilityCode(facilityText) else {
            throw CardError(.cardJSONInvalid, member: "registeredFacility", en: "'\(facilityText)' is not a facility code TTCCC",
                            vi: "'\(facilityText)' không phải mã cơ sở KCB TTCCC")
        }
        var level: BenefitLevel?
        switch value("benefitLevel") {
        case nil, .null?: level = nil
        case .int(let v)?:
            guard let l = BenefitLevel(rawValue: Int(v)) else { throw CardError(.cardJSONInvalid, member: "benefitLevel", en: "must be 1–5", vi: "phải là 1–5") }
            level = l
        default: throw CardError(.cardJSONInvalid, member: "benefitLevel", en: "must be a number 1–5", vi: "phải là số 1–5")
        }
        self.init(code: code,
                  fullName: try required("fullName", string("fullName")),
                  birthDate: try required("birthDate", date("birthDate")),
                  sex: sex,
                  address: try string("address"),
                  registeredFacility: facility,
                  validFrom: try required("validFrom", date("validFrom")),
                  validTo: try validTo(),
                  issueDate: issue,
                  managementCode: try string("managementCode"),
                  guardianName: try string("guardianName"),
                  livingArea: try string("livingArea").map(LivingArea.init(code:)),
                  fiveYearsContinuousFrom: try date("fiveYearsContinuousFrom"),
                  checkString: try string("checkString"),
                  benefitLevel: level,
                  issuingPlace: try string("issuingPlace"),
                  personalId: try string("personalId"))
    }

    /// Reads a card from JSON text.
    public init(jsonText: String) throws(CardError) {
        let value: JSONValue
        do {
            value = try JSONParser.parse(jsonText)
        } catch {
            throw CardError(.cardJSONInvalid, en: "not JSON: \(error)", vi: "không phải JSON: \(error)")
        }
        try self.init(json: value)
    }
}

extension CardIssue {
    /// `{"field":…,"code":…,"severity":…,"message":…}`.
    package func writeJSON(to w: inout JSONWriter, _ language: Language) {
        w.beginObject()
        w.member("field", field.rawValue)
        w.member("code", code.rawValue)
        w.member("severity", severity.rawValue)
        w.member("message", message(language))
        w.endObject()
    }
}

