import BHYTCard
import BHYTVerifier

extension Verifier {
    /// The verdict for one input item: card text, an over-long line, an image file, or a JSON
    /// document (which is no card's QR); `nil` for an input that could not be read at all
    /// (an I/O error, reported as such, never a verdict). `id` is the citizen ID's QR text shown
    /// with the card, if any (``Verifier/verify(_:id:)``).
    package func verdict(for item: InputItem, id: String? = nil) -> Verdict? {
        switch item.content {
        case .text(let text):
            return verify(text, id: id)
        case .tooLong(let n):
            return .refused(.inputTooLarge, .inputTooLarge(bytes: n, limit: Verifier.maximumInputLength), time: settings.time)
        case .image(let path):
            guard let bytes = FileBytes.read(path: path, limit: 64 << 20) else {
                return .refused(.imageNoQR, .described(en: "cannot read \(path), or it is larger than 64 MiB",
                                                       vi: "không đọc được \(path), hoặc tệp lớn hơn 64 MiB"), time: settings.time)
            }
            return CardImage.verify(bytes, with: self, id: id)
        case .json:
            return .refused(.formatUnknown, .described(en: "a card's JSON form, not its QR text (it has no signature to verify)",
                                                       vi: "dữ liệu JSON của thẻ, không phải mã QR (không có chữ ký để kiểm tra)"), time: settings.time)
        case .unreadable:
            return nil
        }
    }
}
