import Hummingbird

/// The front-desk page (trang quầy tiếp đón) `bhyt serve` serves at `/`: plain HTML, CSS and
/// JavaScript embedded in the binary (nothing to install beside it, nothing fetched from
/// elsewhere). A scanner types the QR text and Enter into the one field that always has the
/// focus; the verdict is shown large. See DeskPage+HTML.swift, +Script, +Style.
enum DeskPage {
    enum Asset {
        case html, script, style
    }

    /// Scripts and styles from this service only; pictures from the camera and files stay in the page.
    static let contentSecurityPolicy =
        "default-src 'self'; img-src 'self' blob: data:; media-src 'self' blob: mediastream:; connect-src 'self'; " +
        "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'"

    static func response(_ asset: Asset) -> Response {
        switch asset {
        case .html: return response("text/html; charset=utf-8", html)
        case .script: return response("text/javascript; charset=utf-8", script)
        case .style: return response("text/css; charset=utf-8", style)
        }
    }

    /// One of the site's own files: not cached stale, scripts and styles from this service only.
    static func response(_ type: String, _ text: String) -> Response {
        Response(status: .ok, headers: [
            .contentType: type, .cacheControl: "no-cache", .contentSecurityPolicy: contentSecurityPolicy,
            .init("Referrer-Policy")!: "no-referrer",
        ], body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }
}
