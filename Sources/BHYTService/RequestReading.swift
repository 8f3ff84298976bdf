import BHYTCard
import BHYTJSON
import Hummingbird
import MultipartKit
import NIOCore

/// What a request asks, read strictly: the body within its limit and time, its media type,
/// the JSON members it may have, the language it wants. Anything else is an ``APIError``.
enum RequestReading {
    /// The media type without parameters, lowercased (`application/json; charset=utf-8` → `application/json`).
    static func mediaType(_ request: Request) -> String? {
        guard let value = request.headers[.contentType] else { return nil }
        let type = value.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        return type.trimmed(" \t").lowercased()
    }

    /// The one file part of a `multipart/form-data` body (MultipartKit): its bytes, at most
    /// `limit`. A form with no file part, several, or no boundary is REQUEST_INVALID.
    static func formFile(_ body: [UInt8], contentType: String, limit: Int) throws(APIError) -> [UInt8] {
        let parameters = contentType.split(separator: ";").dropFirst().map { $0.trimmed(" \t") }
        guard let raw = parameters.first(where: { $0.lowercased().hasPrefix("boundary=") })?.dropFirst(9), !raw.isEmpty else {
            throw APIError.requestInvalid("multipart/form-data without a boundary")
        }
        let boundary = raw.hasPrefix("\"") && raw.hasSuffix("\"") && raw.count >= 2 ? String(raw.dropFirst().dropLast()) : String(raw)
        let parser = MultipartParser(boundary: boundary)
        var parts: [(headers: [(String, String)], body: [UInt8])] = []
        var headers: [(String, String)] = []
        var current: [UInt8] = []
        var tooLarge = false
        parser.onHeader = { name, value in headers.append((name.lowercased(), value)) }
        parser.onBody = { buffer in
            if current.count + buffer.readableBytes > limit { tooLarge = true; buffer.moveReaderIndex(forwardBy: buffer.readableBytes); return }
            current += buffer.readBytes(length: buffer.readableBytes) ?? []
        }
        parser.onPartComplete = {
            parts.append((headers, current))
            headers = []
            current = []
        }
        do {
            try parser.execute(body)
        } catch {
            throw APIError.requestInvalid("the multipart/form-data body cannot be read: \(error)")
        }
        guard !tooLarge else { throw APIError.bodyTooLarge(limit) }
        // The part named "image" (the documented field); else the one file part (filename= in its
        // Content-Disposition), whatever its name. A form may carry other, plain fields.
        func disposition(_ part: (headers: [(String, String)], body: [UInt8])) -> String {
            part.headers.first { $0.0 == "content-disposition" }?.1 ?? ""
        }
        let named = parts.filter { disposition($0).contains("name=\"image\"") }
        let files = parts.filter { disposition($0).contains("filename") }
        guard let file = named.count == 1 ? named.first : files.count == 1 ? files.first : nil else {
            throw APIError.requestInvalid("send one picture as the form's \"image\" field, or as its one file part (\(files.count) file parts)")
        }
        return file.body
    }

    /// The whole body, at most `limit` bytes, within `seconds`.
    static func body(_ request: Request, limit: Int, seconds: Int) async throws(APIError) -> [UInt8] {
        if let declared = request.headers[.contentLength], let n = Int(declared), n > limit { throw .bodyTooLarge(limit) }
        do {
            let buffer = try await withThrowingTaskGroup(of: ByteBuffer?.self) { group in
                group.addTask { try await request.body.collect(upTo: limit) }
                group.addTask {
                    try await Task.sleep(for: .seconds(seconds))
                    return nil
                }
                defer { group.cancelAll() }
                return try await group.next() ?? nil
            }
            guard let buffer else { throw APIError.bodyTimeout }
            return Array(buffer.readableBytesView)
        } catch let error as APIError {
            throw error
        } catch is NIOTooManyBytesError {
            throw .bodyTooLarge(limit)
        } catch {
            throw .bodyUnreadable
        }
    }

    /// A JSON body as an object (JSONParser refuses duplicate members, bad UTF-8, depth bombs).
    static func jsonObject(_ bytes: [UInt8]) throws(APIError) -> JSONValue {
        let value: JSONValue
        do {
            value = try JSONParser.parse(bytes)
        } catch {
            throw .jsonInvalid(error.description)
        }
        guard case .object = value else { throw .requestInvalid("the body is a JSON object") }
        return value
    }

    /// What `/v1/verify` or `/v1/inspect` is asked: one text, or (verify only) up to `maximum` texts.
    enum Texts {
        /// One card's text, and the citizen ID's QR text shown with it (verify only).
        case one(String, id: String?)
        case many([String])
    }

    /// `{"text": …}` (with `"id"` where `withID`: the citizen ID's QR text shown with the card),
    /// or, where `batch` allows, `{"texts": […]}`.
    static func texts(_ object: JSONValue, batch maximum: Int?, withID: Bool = false) throws(APIError) -> Texts {
        guard case .object(let members) = object else { throw .requestInvalid("the body is a JSON object") }
        let allowed = (maximum == nil ? "\"text\"" : "\"text\" or \"texts\"") + (withID ? " (\"text\" with \"id\")" : "")
        var text: String?, id: String?, texts: [String]?
        for member in members {
            switch member.key {
            case "text" where text == nil:
                guard case .string(let s) = member.value else { throw .requestInvalid("\"text\" is a string: the card's QR text") }
                text = s
            case "id" where withID && id == nil:
                guard case .string(let s) = member.value else { throw .requestInvalid("\"id\" is a string: the citizen ID's (CCCD) QR text") }
                id = s
            case "texts" where maximum != nil && texts == nil:
                guard case .array(let items) = member.value else { throw .requestInvalid("\"texts\" is an array of strings") }
                if let maximum, items.count > maximum {
                    throw APIError(status: .badRequest, code: "BATCH_TOO_LARGE", message: "at most \(maximum) texts in one request")
                }
                var all: [String] = []
                all.reserveCapacity(items.count)
                for item in items {
                    guard case .string(let s) = item else { throw .requestInvalid("\"texts\" is an array of strings") }
                    all.append(s)
                }
                texts = all
            default:
                throw .requestInvalid("unknown or repeated member \"\(member.key)\"; send \(allowed)")
            }
        }
        switch (text, texts) {
        case (let text?, nil): return .one(text, id: id)
        case (nil, let texts?) where id == nil: return .many(texts)
        default: throw .requestInvalid("send \(allowed)")
        }
    }

    /// The language asked for: `?lang=vi|en`, else the first of `Accept-Language` that is vi
    /// or en (by weight), else the service's default. Another `lang` value is refused.
    static func language(_ request: Request, default fallback: Language) throws(APIError) -> Language {
        if let value = request.uri.queryParameters["lang"] {
            guard let lang = Language(rawValue: value.lowercased()) else { throw .requestInvalid("lang is vi or en") }
            return lang
        }
        guard let header = request.headers[.acceptLanguage] else { return fallback }
        var best: (lang: Language, q: Double)?
        for part in header.split(separator: ",").prefix(32) {
            let pieces = part.split(separator: ";")
            guard let tag = pieces.first?.trimmed(" \t").lowercased() else { continue }
            let primary = tag.split(separator: "-").first.map(String.init) ?? ""
            guard let lang = Language(rawValue: primary) else { continue }
            var q = 1.0
            for p in pieces.dropFirst() {
                let kv = p.trimmed(" \t")
                if kv.hasPrefix("q="), let v = Double(kv.dropFirst(2)), v >= 0, v <= 1 { q = v }
            }
            if q > 0, q > (best?.q ?? -1) { best = (lang, q) }
        }
        return best?.lang ?? fallback
    }
}

extension StringProtocol {
    /// Without the given characters at either end.
    func trimmed(_ set: String) -> String {
        var s = Substring(self)
        while let c = s.first, set.contains(c) { s = s.dropFirst() }
        while let c = s.last, set.contains(c) { s = s.dropLast() }
        return String(s)
    }
}
