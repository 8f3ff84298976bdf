import BHYTJSON
import Foundation

/// One file of the EU DCC test data, as its README describes it.
struct DGCVector {
    let path: String
    let json: JSONValue

    var prefix: String? { json["PREFIX"]?.stringValue }
    var base45: String? { json["BASE45"]?.stringValue }
    var compressed: [UInt8]? { json["COMPRESSED"]?.stringValue.flatMap(hexBytes) }
    var cose: [UInt8]? { json["COSE"]?.stringValue.flatMap(hexBytes) }
    var cbor: [UInt8]? { json["CBOR"]?.stringValue.flatMap(hexBytes) }
    var pngBase64: String? { json["2DCODE"]?.stringValue }
    var certificate: [UInt8]? { json["TESTCTX"]?["CERTIFICATE"]?.stringValue.flatMap { Data(base64Encoded: $0).map(Array.init) } }
    var validationClock: Int64? { json["TESTCTX"]?["VALIDATIONCLOCK"]?.stringValue.flatMap(parseISO8601) }
    var description: String { json["TESTCTX"]?["DESCRIPTION"]?.stringValue ?? "" }

    /// An EXPECTED* flag: true, false, or nil when the stage is not tested by this file.
    func expected(_ flag: String) -> Bool? {
        if case .bool(let b)? = json["EXPECTEDRESULTS"]?[flag] { return b }
        return nil
    }

    /// Every `*/2DCode/raw/*.json` under a folder laid out like the upstream repository.
    static func all(in root: URL) throws -> [DGCVector] {
        var out: [DGCVector] = []
        let fm = FileManager.default
        for country in try fm.contentsOfDirectory(atPath: root.path).sorted() {
            let raw = root.appendingPathComponent(country).appendingPathComponent("2DCode/raw")
            guard let files = try? fm.contentsOfDirectory(atPath: raw.path) else { continue }
            for file in files.sorted() where file.hasSuffix(".json") {
                let data = try Data(contentsOf: raw.appendingPathComponent(file))
                let value = try JSONParser.parse(Array(data))
                out.append(DGCVector(path: "\(country)/2DCode/raw/\(file)", json: value))
            }
        }
        return out
    }
}

func hexBytes(_ s: String) -> [UInt8]? {
    let u = Array(s.utf8)
    guard u.count % 2 == 0 else { return nil }
    var out: [UInt8] = []
    out.reserveCapacity(u.count / 2)
    var i = 0
    while i < u.count {
        guard let h = UInt8(String(decoding: u[i..<(i + 2)], as: UTF8.self), radix: 16) else { return nil }
        out.append(h)
        i += 2
    }
    return out
}

/// ISO 8601 as the vectors write it: `yyyy-MM-ddTHH:mm:ss`, optional fraction, then `Z`,
/// `±HH:MM`, `±HHMM` or nothing (taken as UTC).
func parseISO8601(_ s: String) -> Int64? {
    let u = Array(s.utf8)
    guard u.count >= 19 else { return nil }
    func num(_ r: Range<Int>) -> Int? { Int(String(decoding: u[r], as: UTF8.self)) }
    guard let y = num(0..<4), let mo = num(5..<7), let d = num(8..<10), let h = num(11..<13), let mi = num(14..<16), let se = num(17..<19) else { return nil }
    var i = 19
    if i < u.count, u[i] == UInt8(ascii: ".") {
        i += 1
        while i < u.count, u[i] >= 48, u[i] <= 57 { i += 1 }
    }
    var offset = 0
    if i < u.count {
        let rest = String(decoding: u[i...], as: UTF8.self)
        if rest == "Z" {
            offset = 0
        } else if let sign = rest.first, sign == "+" || sign == "-" {
            let digits = rest.dropFirst().filter(\.isNumber)
            guard digits.count == 4, let hh = Int(digits.prefix(2)), let mm = Int(digits.suffix(2)) else { return nil }
            offset = (hh * 3600 + mm * 60) * (sign == "-" ? -1 : 1)
        } else {
            return nil
        }
    }
    // days from civil (proleptic Gregorian)
    let yy = mo <= 2 ? y - 1 : y
    let era = yy / 400
    let yoe = yy - era * 400
    let doy = (153 * ((mo + 9) % 12) + 2) / 5 + d - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    let days = era * 146_097 + doe - 719_468
    return Int64(days) * 86_400 + Int64(h * 3600 + mi * 60 + se - offset)
}
