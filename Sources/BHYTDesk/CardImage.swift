import BHYTCard
import BHYTImage
import BHYTVerifier

/// A photo, screenshot or rendered PNG of a card, verified: its one QR code read (bounded
/// work, ``ImageLimits``) and the text verified; an image with no single QR is refused with
/// IMAGE_NO_QR, one made to stall the reader with IMAGE_TOO_COMPLEX.
package enum CardImage {
    package static func verify(_ bytes: [UInt8], with verifier: Verifier, id: String? = nil, deadline: Deadline = ImageLimits.deadline()) -> Verdict {
        read(bytes, with: verifier, id: id, deadline: deadline).verdict
    }

    /// The verdict and the QR text it was made from (`nil` when no single QR was read): the
    /// text is what a front desk records a check-in by (its SHA-256, the code it claims).
    /// The image is read by `deadline` (``ImageLimits/maximumSeconds`` from now by default);
    /// one that would take longer (a JPEG of many scans, a huge 16-bit PNG) is IMAGE_TOO_COMPLEX.
    /// `id` is the citizen ID's QR text shown with the card, if any (``Verifier/verify(_:id:)``).
    package static func read(_ bytes: [UInt8], with verifier: Verifier, id: String? = nil,
                             deadline: Deadline = ImageLimits.deadline()) -> (text: String?, verdict: Verdict) {
        do {
            let text = try QRImageReader.readSingle(bytes, deadline: deadline)
            return (text, verifier.verify(text, id: id))
        } catch {
            return (nil, .refused(reasonCode(for: error), .described(en: error.description, vi: error.descriptionVi), time: verifier.settings.time))
        }
    }

    /// The reason code of an image that gave no card text: IMAGE_TOO_COMPLEX for one that could
    /// not be read in bounded work, IMAGE_NO_QR otherwise.
    package static func reasonCode(for error: ImageError) -> ReasonCode {
        switch error {
        case .tooComplex, .tooManyScans, .tooCostly, .timeLimit: return .imageTooComplex
        case .unreadable, .tooLarge, .noQRCode, .severalQRCodes: return .imageNoQR
        }
    }
}
