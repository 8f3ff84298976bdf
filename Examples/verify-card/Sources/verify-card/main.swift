// verify-card TRUST.json CARD-TEXT: the status word first (valid, invalid, unverified), then
// each reason with its stable code. Exit status 0 valid, 1 invalid, 3 unverified, 2 unusable input.
import BHYTVerifier
import Foundation

let arguments = CommandLine.arguments
guard arguments.count == 3, let trust = FileManager.default.contents(atPath: arguments[1]) else {
    FileHandle.standardError.write(Data("usage: verify-card TRUST.json CARD-TEXT (the trust list must be readable)\n".utf8))
    exit(2)
}
let lists: ClinicLists
do {
    // A clinic that pins the agency's root key passes it here: roots: [try PublicKey(pem: …)].
    lists = try ClinicLists(trustList: Array(trust), roots: [])
} catch {
    FileHandle.standardError.write(Data("\(arguments[1]): \(error)\n".utf8))
    exit(2)
}
let verifier = Verifier(lists: lists, time: Int64(Date().timeIntervalSince1970))
let verdict = verifier.verify(arguments[2])
print(verdict.status.rawValue)
for finding in verdict.findings {
    print("\(finding.code.rawValue): \(finding.message(.en))")
}
exit(verdict.status == .valid ? 0 : verdict.status == .invalid ? 1 : 3)
