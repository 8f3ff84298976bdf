import BHYTJSON

/// Why a card's JSON form could not be read.
public struct CardJSONError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The member at fault (`nil` for the document as a whole).
    public let field: String?
    public let reason: String
    public var description: String { field.map { "\($0): \(reason)" } ?? reason }
}

extension Card {
    /// The card's documented JSON form (docs/FORMAT.md): every field, `null` when absent,
    /// dates as `yyyy-MM-dd` or `yyyy`, plus derived members marked *output only*.
    public var json: JSONValue {
        func date(_ d: CardDate?) -> JSONValue { .optional(d?.isoText) }
        return .object([
            "code": .string(code.text),
            "codeForm": .string(code.form.rawValue),
            "objectCode": .optional(code.objectCode?.code),
            "provinceCode": .optional(code.provinceCode),
            "socialInsuranceNumber": .optional(code.socialInsuranceNumber),
            "fullName": .string(fullName),
            "birthDate": date(birthDate),
            "sex": .string(sex == .male ? "male" : "female"),
            "address": .optional(address),
            "registeredFacility": .string(registeredFacility.code),
            "validFrom": date(validFrom),
            "validTo": date(validTo),
            "issueDate": date(issueDate),
            "managementCode": .optional(managementCode),
            "guardianName": .optional(guardianName),
            "livingArea": .optional(livingArea?.code),
            "fiveYearsContinuousFrom": date(fiveYearsContinuousFrom),
            "checkString": .optional(checkString),
            "benefitLevel": benefitLevel.map { .int(Int64($0.rawValue)) } ?? .null,
            "benefitPercent": benefitLevel.map { .int(Int64($0.percent)) } ?? .null,
            "issuingPlace": .optional(issuingPlace),
        ])
    }

    /// Reads a card from its JSON form. Output-only members (`codeForm`, `objectCode`,
    /// `provinceCode`, `socialInsuranceNumber`, `benefitPercent`) are ignored; absent and
    /// `null` optional members mean the same.
    public init(json: JSONValue) throws(CardJSONError) {
        guard case .object = json else { throw CardJSONError(field: nil, reason: "a card is a JSON object") }
        func string(_ k: String, required: Bool = false) throws(CardJSONError) -> String? {
            switch json[k] {
            case nil, .null?:
                if required { throw CardJSONError(field: k, reason: "is required") }
                return nil
            case .string(let s)?: return s
            default: throw CardJSONError(field: k, reason: "must be a string")
            }
        }
        func date(_ k: String, required: Bool = false) throws(CardJSONError) -> CardDate? {
            guard let s = try string(k, required: required) else { return nil }
            guard let d = CardDate(isoText: s) else { throw CardJSONError(field: k, reason: "'\(s)' is not a date yyyy-MM-dd or yyyy") }
            return d
        }
        func required<T>(_ k: String, _ v: T?) throws(CardJSONError) -> T {
            guard let v else { throw CardJSONError(field: k, reason: "is required") }
            return v
        }
        let issue = try date("issueDate")
        let codeText = try string("code", required: true) ?? ""
        guard let code = CardCode(codeText, issuedBefore2016: (issue?.year ?? 9999) < 2016) else {
            throw CardJSONError(field: "code", reason: "'\(codeText)' is not a card code")
        }
        let sexText = try string("sex", required: true) ?? ""
        let sex: Sex
        switch sexText {
        case "male", "1": sex = .male
        case "female", "2": sex = .female
        default: throw CardJSONError(field: "sex", reason: "'\(sexText)' is not male or female")
        }
        let facilityText = try string("registeredFacility", required: true) ?? ""
        guard let facility = FacilityCode(facilityText) else {
            throw CardJSONError(field: "registeredFacility", reason: "'\(facilityText)' is not a facility code TTCCC")
        }
        var level: BenefitLevel?
        switch json["benefitLevel"] {
        case nil, .null?: level = nil
        case .int(let v)?:
            guard let l = BenefitLevel(rawValue: Int(v)) else { throw CardJSONError(field: "benefitLevel", reason: "must be 1–5") }
            level = l
        default: throw CardJSONError(field: "benefitLevel", reason: "must be a number 1–5")
        }
        self.init(code: code,
                  fullName: try required("fullName", string("fullName")),
                  birthDate: try required("birthDate", date("birthDate")),
                  sex: sex,
                  address: try string("address"),
                  registeredFacility: facility,
                  validFrom: try required("validFrom", date("validFrom")),
                  validTo: try date("validTo"),
                  issueDate: issue,
                  managementCode: try string("managementCode"),
                  guardianName: try string("guardianName"),
                  livingArea: try string("livingArea").map(LivingArea.init(code:)),
                  fiveYearsContinuousFrom: try date("fiveYearsContinuousFrom"),
                  checkString: try string("checkString"),
                  benefitLevel: level,
                  issuingPlace: try string("issuingPlace"))
    }

    /// Reads a card from JSON text.
    public init(jsonText: String) throws(CardJSONError) {
        let value: JSONValue
        do {
            value = try JSONParser.parse(jsonText)
        } catch {
            throw CardJSONError(field: nil, reason: error.description)
        }
        try self.init(json: value)
    }
}

extension CardIssue {
    /// `{"field":…,"code":…,"severity":…,"message":…}`.
    public func json(_ language: Language) -> JSONValue {
        .object(["field": .string(field.rawValue), "code": .string(code), "severity": .string(severity.rawValue),
                 "message": .string(message(language))])
    }
}

