import BHYTCard

/// The legacy text reads (LEGACY_MALFORMED, IME_MANGLED). A repaired input-method
/// mangling is a warning; one that cannot be repaired is an error.
public struct LegacyStructurePolicy: VerificationPolicy {
    public init() {}
    public var codes: [ReasonCode] { [.legacyMalformed, .imeMangled] }
    public func evaluate(_ s: inout VerificationState) -> PolicyOutcome {
        do {
            let read = try LegacyCodec.read(s.input)
            s.legacy = read
            s.card = read.card
            if let method = read.repairedFrom {
                s.add(Finding(.imeMangled, .warning, "repaired \(method.rawValue.uppercased()) mangling"))
            }
            return .proceed
        } catch {
            let code: ReasonCode = error.reason == .inputMethodMangled ? .imeMangled
                : error.reason == .tooLong ? .inputTooLarge : .legacyMalformed
            s.add(Finding(code, .error, error.message(.en)))
            return .stop
        }
    }
}

/// Always: a legacy card cannot be authenticated offline (LEGACY_UNSIGNED, a warning that
/// makes the verdict `unverified` at best).
public struct LegacyUnsignedPolicy: VerificationPolicy {
    public init() {}
    public var codes: [ReasonCode] { [.legacyUnsigned] }
    public func evaluate(_ s: inout VerificationState) -> PolicyOutcome {
        s.add(Finding(.legacyUnsigned, .warning))
        return .proceed
    }
}
