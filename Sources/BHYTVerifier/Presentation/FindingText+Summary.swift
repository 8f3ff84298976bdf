import BHYTCard

extension FindingText {
    /// The receptionist's message for a code in `lang`: what happened and what to do.
    public static func summary(_ code: ReasonCode, _ lang: Language) -> String {
        let vi = lang == .vi
        switch code {
        case .inputTooLarge: return vi ? "Dữ liệu quét quá dài, không phải thẻ BHYT. Quét lại mã QR trên thẻ." : "The scanned data is too long to be a card. Scan the card's QR code again."
        case .imageNoQR: return vi ? "Không tìm thấy đúng một mã QR trong ảnh. Chụp lại chỉ một thẻ, rõ nét." : "No single QR code found in the image. Take a clear picture of one card."
        case .imageTooComplex: return vi ? "Ảnh quá phức tạp hoặc quá lớn để đọc kịp, không phải ảnh chụp thẻ thông thường. Chụp lại riêng mã QR của thẻ." : "The image is too complex or too large to read in time: it is not a plain photo of a card. Take a picture of the card's QR code alone."
        case .formatUnknown: return vi ? "Đây không phải mã QR thẻ BHYT. Kiểm tra đúng mã trên thẻ rồi quét lại." : "This is not a BHYT card QR code. Check it is the card's code and scan again."
        case .base10Invalid, .decompressFailed, .cborMalformed, .coseMalformed:
            return vi ? "Mã QR có chữ ký bị hỏng hoặc bị sửa. Quét lại; nếu vẫn lỗi, không dùng mã này: đề nghị người bệnh mở thẻ trên ứng dụng VssID hoặc xuất trình thẻ BHYT bản giấy/nhựa." : "The signed QR is damaged or altered. Scan again; if it still fails, do not use this QR: ask the patient to open the card in the VssID app or to show the printed card."
        case .algUnsupported: return vi ? "Thẻ ký bằng thuật toán không được chấp nhận: có thể là thẻ giả. Không chấp nhận." : "Signed with an algorithm that is not accepted: possibly forged. Do not accept."
        case .kidMissing: return vi ? "Thẻ không ghi khóa ký: không xác thực được. Không chấp nhận." : "The card names no signing key: it cannot be authenticated. Do not accept."
        case .keyUnknown: return vi ? "Khóa ký không có trong danh sách tin cậy: danh sách cũ, hoặc mã QR bị hỏng. Quét lại; cập nhật danh sách khóa; nếu vẫn lỗi, đề nghị người bệnh mở thẻ trên VssID hoặc xuất trình thẻ bản giấy/nhựa, hoặc tra cứu trực tuyến." : "The signing key is not in the trust list: an old list, or a damaged QR. Scan again; update the trust list; if it persists, ask for the card in the VssID app or the printed card, or check online."
        case .keyNotValid: return vi ? "Khóa ký không còn hiệu lực vào lúc ký thẻ. Không chấp nhận; tra cứu trực tuyến." : "The signing key was not valid when the card was signed. Do not accept; check online."
        case .signatureInvalid: return vi ? "Chữ ký không khớp: mã QR đã bị sửa, hỏng hoặc là giả. Không dùng mã này: đề nghị người bệnh mở thẻ trên ứng dụng VssID hoặc xuất trình thẻ BHYT bản giấy/nhựa." : "The signature does not match: the QR was altered, damaged or forged. Do not use this QR: ask the patient to open the card in the VssID app or to show the printed card."
        case .claimsInvalid: return vi ? "Nội dung thẻ đã ký không đúng định dạng. Không chấp nhận; báo cơ quan BHXH." : "The signed content is malformed. Do not accept; report it to the agency."
        case .issuerMismatch: return vi ? "Thẻ ghi nơi cấp khác với nơi được phép của khóa ký. Không chấp nhận." : "The card's issuer is not the one its key may sign for. Do not accept."
        case .notYetValid: return vi ? "Thẻ chưa đến ngày có giá trị sử dụng." : "The card is not valid yet."
        case .expired: return vi ? "Thẻ đã hết hạn sử dụng. Đề nghị người bệnh gia hạn thẻ." : "The card has expired. Ask the patient to renew it."
        case .revoked: return vi ? "Thẻ đã bị thu hồi. Không chấp nhận; đề nghị người bệnh liên hệ cơ quan BHXH." : "The card has been revoked. Do not accept; the patient should contact the agency."
        case .cardCodeInvalid: return vi ? "Mã thẻ hoặc mức hưởng không hợp lệ. Tra cứu thẻ trực tuyến." : "The card code or benefit level is invalid. Check the card online."
        case .facilityElsewhere: return vi ? "Thẻ đăng ký KCB ban đầu ở cơ sở khác: áp dụng quy định khám trái tuyến." : "The card is registered at another facility: out-of-network rules apply."
        case .legacyMalformed: return vi ? "Mã QR thẻ cũ bị lỗi định dạng. Quét lại hoặc nhập tay." : "The legacy card QR is malformed. Scan again or enter it by hand."
        case .legacyUnsigned: return vi ? "Mã QR cũ không có chữ ký số: không xác thực được ngoại tuyến. Đối chiếu giấy tờ tùy thân hoặc tra cứu trực tuyến." : "A legacy QR has no signature: it cannot be authenticated offline. Check an ID or verify online."
        case .trustListStale: return vi ? "Danh sách khóa tin cậy đã quá hạn cập nhật; kết quả vẫn dùng được. Cập nhật danh sách sớm." : "The trust list is out of date; verdicts still stand. Update the list soon."
        case .trustListExpired: return vi ? "Danh sách khóa tin cậy đã quá hạn quá lâu: không thẻ có chữ ký nào được coi là hợp lệ. Cập nhật danh sách ngay; trong lúc chờ, đối chiếu giấy tờ tùy thân hoặc tra cứu trực tuyến." : "The trust list is too old: no signed card can be valid. Update the list now; meanwhile check an ID or verify online."
        case .revocationListStale: return vi ? "Danh sách thẻ thu hồi đã quá hạn cập nhật: thẻ mới bị thu hồi có thể chưa có trong danh sách. Cập nhật danh sách sớm." : "The revocation list is out of date: recently revoked cards may be missing. Update the list soon."
        case .revocationListExpired: return vi ? "Danh sách thẻ thu hồi đã quá hạn quá lâu: không biết thẻ có bị thu hồi gần đây không. Cập nhật danh sách ngay; tra cứu trực tuyến nếu nghi ngờ." : "The revocation list is far out of date: recent revocations are unknown. Update the list now; check online when in doubt."
        case .imeMangled: return vi ? "Bộ gõ tiếng Việt (Unikey) đang bật làm sai dữ liệu quét. Tắt bộ gõ (chuyển sang E) rồi quét lại." : "A Vietnamese input method (Unikey) changed the scanned text. Switch it off (to E) and scan again."
        case .idMismatch: return vi ? "Giấy tờ không khớp thẻ: người này không phải chủ thẻ. Không dùng thẻ này cho lượt khám; hỏi thẻ của chính người bệnh." : "The ID does not match the card: this person is not its holder. Do not use this card for the visit; ask for the patient's own card."
        case .cccdOnly: return vi ? "Đây là CCCD, không phải thẻ BHYT. Tra cứu thẻ BHYT theo số định danh cá nhân, hoặc quét thẻ BHYT để đối chiếu." : "This is a citizen ID, not an insurance card. Look the card up by the personal ID number, or scan the insurance card to compare."
        case .repeatVisit: return vi ? "Thẻ này vừa được tiếp đón cách đây ít lâu. Kiểm tra người bệnh có đúng là chủ thẻ (đối chiếu CCCD) trước khi tiếp đón lại." : "This card was checked in a short while ago. Check that the patient is its holder (compare a citizen ID) before checking them in again."
        case .cccdMalformed: return vi ? "Không đọc được mã QR trên CCCD. Quét lại CCCD." : "The citizen ID's QR could not be read. Scan the ID again."
        default: return vi ? "Lưu ý về nội dung thẻ." : "A note about the card's content."
        }
    }
}
