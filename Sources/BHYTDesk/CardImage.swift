import BHYTCard
import BHYTImage
import BHYTVerifier

/// A photo, screenshot or rendered PNG of a card, verified: its one QR code read (bounded
/// work, ``ImageLimits``) and the text verified; an image with no single QR is refused with
/// IMAGE_NO_QR, one made to stall the reader with IMAGE_TOO_COMPLEX.
public enum CardImage {
    public static func verify(_ bytes: [UInt8], with verifier: Verifier) -> Verdict {
        do {
            return verifier.verify(try QRImageReader.readSingle(bytes))
        } catch {
            if case .tooComplex = error { return .refused(.imageTooComplex, error.description, vi: error.descriptionVi, time: verifier.settings.time) }
            return .refused(.imageNoQR, error.description, vi: error.descriptionVi, time: verifier.settings.time)
        }
    }
}
