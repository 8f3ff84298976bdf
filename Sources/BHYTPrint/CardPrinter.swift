import BHYTCard
import CPangoCairo

/// The output formats: PDF (vector, fonts embedded, several pages), PNG (a raster page), SVG
/// (vector, text as outlines, one page).
public enum PrintFormat: String, Sendable, Hashable, CaseIterable {
    /// PDF for print shops: vector, fonts embedded, several pages in one file.
    case pdf
    /// A raster page (RGB) at a chosen resolution.
    case png
    /// A vector page, text as outlines.
    case svg

    /// Whether one file holds several pages (else one file a page).
    package var multiPage: Bool { self == .pdf }
}

/// Draws laid-out cards (``CardLayout``) and sheets (``SheetLayout``) with cairo, on PDF, PNG or
/// SVG surfaces (in thẻ: PDF cho nhà in). Text is shaped by pango with the fonts embedded in
/// the PDF; the QR is vector rectangles. Safe to call from several threads (one at a time
/// inside: pango and fontconfig are not thread-safe everywhere).
public enum CardPrinter {
    /// Options for one document.
    public struct Options: Sendable, Hashable {
        /// The output format (default PDF).
        package var format: PrintFormat
        /// PNG resolution, in dots per inch.
        package var dpi: Int
        /// The PDF's creation date (ISO 8601, e.g. 2025-07-01T00:00:00Z); fixed so that the
        /// same cards make the same bytes. `nil` writes 2000-01-01.
        package var creationDate: String?

        /// Options; the defaults print PDF, and PNG at 300 dpi.
        public init(format: PrintFormat = .pdf, dpi: Int = 300, creationDate: String? = nil) {
            self.format = format
            self.dpi = dpi
            self.creationDate = creationDate
        }
    }

    /// One card on an ID-1 page: the front, and with `back` the back as a second page (PDF) or
    /// a second file (PNG, SVG). Returns the files' bytes, front first.
    ///
    /// A PDF page is the card with the sheets' 2 mm bleed around it, its TrimBox the card and its
    /// BleedBox the page, as print shops ask: the band's colour runs past the cut. A PNG or SVG
    /// is the card's own size (the band runs 1 mm past its edges, clipped there: a raster's last,
    /// partial column of pixels is blue too).
    public static func card(_ layout: CardLayout, back: Bool = false, options: Options = Options()) throws(PrintError) -> [[UInt8]] {
        let bleed = options.format == .pdf ? SheetLayout.bleed : 0
        let faces = back ? [layout.front, layout.back] : [layout.front]
        let pages = faces.map { face in
            Page(width: CardLayout.width + 2 * bleed, height: CardLayout.height + 2 * bleed, bleed: bleed) { cr, text in
                // The band runs 1 mm past the page's edges (clipped there): a raster's last,
                // partial column of pixels is blue too.
                draw(layout, face: face, x: bleed, y: bleed, bleed: bleed + 1, text: text, on: cr)
            }
        }
        return try render(pages, title: layout.card.code.text, options: options)
    }

    /// A4 sheets of ten cards (``SheetLayout``): with `back`, each sheet is followed by its backs,
    /// mirrored for duplex printing. PDF: one document of every page when `onePDF`, else one
    /// document a sheet (with its back); PNG and SVG: one file a page. Returns the files' bytes.
    public static func sheets(_ sheets: [SheetLayout], back: Bool = false, onePDF: Bool = false,
                              options: Options = Options()) throws(PrintError) -> [[UInt8]] {
        var groups: [[Page]] = []
        for sheet in sheets {
            var group = [sheetPage(sheet, back: false)]
            if back { group.append(sheetPage(sheet, back: true)) }
            groups.append(group)
        }
        if options.format == .pdf && onePDF {
            return try render(groups.flatMap { $0 }, title: "Thẻ BHYT — \(sheets.count) tờ A4", options: options)
        }
        var files: [[UInt8]] = []
        for (i, group) in groups.enumerated() {
            files += try render(group, title: "Thẻ BHYT — tờ A4 \(i + 1)/\(groups.count)", options: options)
        }
        return files
    }

    /// A page to draw, in millimetres.
    struct Page {
        let width: Double
        let height: Double
        /// The bleed around the trimmed page, in millimetres (0: the page is trimmed as it is).
        var bleed = 0.0
        /// Draws on a context scaled to millimetres, with a pango layout made for that context.
        let draw: (OpaquePointer, PangoText) -> Void
    }

    static func sheetPage(_ sheet: SheetLayout, back: Bool) -> Page {
        Page(width: SheetLayout.width, height: SheetLayout.height) { cr, text in
            for (i, card) in sheet.cards.enumerated() {
                let o = SheetLayout.origin(i, back: back)
                draw(card, face: back ? card.back : card.front, x: o.x, y: o.y, bleed: SheetLayout.bleed, text: text, on: cr)
            }
            RGB.black.set(cr)
            cairo_set_line_width(cr, 0.15)
            for (x1, y1, x2, y2) in SheetLayout.cutMarks {
                cairo_move_to(cr, x1, y1)
                cairo_line_to(cr, x2, y2)
            }
            cairo_stroke(cr)
        }
    }

    /// Draws a face with its top-left corner at (x, y); the band bleeds `bleed` mm left and right.
    static func draw(_ layout: CardLayout, face: CardFace, x: Double, y: Double, bleed: Double, text: PangoText, on cr: OpaquePointer) {
        cairo_save(cr)
        cairo_translate(cr, x, y)
        RGB.band.set(cr)
        cairo_rectangle(cr, -bleed, CardLayout.bandTop, CardLayout.width + 2 * bleed, CardLayout.bandBottom - CardLayout.bandTop)
        cairo_fill(cr)
        if let qr = face.qr { layout.matrix.draw(qr.placement, x: qr.x, y: qr.y, on: cr) }
        for line in face.lines {
            RGB.black.set(cr)
            text.draw(line.runs, size: line.size, x: line.x, baseline: line.baseline, align: line.align, on: cr)
        }
        cairo_restore(cr)
    }

    /// Collects a cairo stream's bytes.
    final class Sink {
        var bytes: [UInt8] = []
    }

    static let write: cairo_write_func_t = { closure, data, length in
        guard let closure, let data else { return CAIRO_STATUS_WRITE_ERROR }
        Unmanaged<Sink>.fromOpaque(closure).takeUnretainedValue().bytes.append(contentsOf: UnsafeBufferPointer(start: data, count: Int(length)))
        return CAIRO_STATUS_SUCCESS
    }

    static let pointsPerMM = 72 / 25.4

    static func check(_ status: cairo_status_t) throws(PrintError) {
        guard status == CAIRO_STATUS_SUCCESS else { throw .cairo(String(cString: cairo_status_to_string(status))) }
    }

    /// Renders pages: one PDF of them all, or one PNG or SVG file a page.
    static func render(_ pages: [Page], title: String, options: Options) throws(PrintError) -> [[UInt8]] {
        try RenderLock.run { () throws(PrintError) -> [[UInt8]] in
            switch options.format {
            case .pdf: return [try pdf(pages, title: title, created: options.creationDate ?? "2000-01-01T00:00:00Z")]
            case .png: return try pages.map { page throws(PrintError) in try png(page, dpi: options.dpi) }
            case .svg: return try pages.map { page throws(PrintError) in try svg(page) }
            }
        }
    }

    static func pdf(_ pages: [Page], title: String, created: String) throws(PrintError) -> [UInt8] {
        let sink = Sink()
        let closure = Unmanaged.passUnretained(sink).toOpaque()
        let first = pages.first ?? Page(width: CardLayout.width, height: CardLayout.height) { _, _ in }
        let surface = cairo_pdf_surface_create_for_stream(write, closure, first.width * pointsPerMM, first.height * pointsPerMM)
        defer { cairo_surface_destroy(surface) }
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, title)
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "BHYTKit")
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, created)
        let cr = cairo_create(surface)!
        cairo_scale(cr, pointsPerMM, pointsPerMM)
        let text = PangoText(cairo: cr)
        var size = (first.width, first.height)
        for page in pages {
            // Only when the size changes: after cairo_pdf_surface_set_size, cairo 1.16 clips what
            // is drawn to whole points (242 of an ID-1 page's 242.65), which left a white sliver
            // at the band's right end.
            if (page.width, page.height) != size {
                cairo_pdf_surface_set_size(surface, page.width * pointsPerMM, page.height * pointsPerMM)
                size = (page.width, page.height)
            }
            page.draw(cr, text)
            cairo_show_page(cr)
        }
        let bytes = try finish(cr, surface, sink)
        // The page boxes a print shop reads (every page of a card PDF has the same bleed).
        guard let bleed = pages.first?.bleed, bleed > 0 else { return bytes }
        return PDFBoxes.adding(bleed: bleed * pointsPerMM, to: bytes)
    }

    static func png(_ page: Page, dpi: Int) throws(PrintError) -> [UInt8] {
        let scale = Double(dpi) / 25.4
        let w = Int32((page.width * scale).rounded()), h = Int32((page.height * scale).rounded())
        let surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h)
        defer { cairo_surface_destroy(surface) }
        let cr = cairo_create(surface)
        cairo_set_source_rgb(cr, 1, 1, 1)
        cairo_paint(cr)
        cairo_scale(cr, scale, scale)
        page.draw(cr!, PangoText(cairo: cr!))
        let status = cairo_status(cr)
        cairo_destroy(cr)
        try check(status)
        let sink = Sink()
        try check(cairo_surface_write_to_png_stream(surface, write, Unmanaged.passUnretained(sink).toOpaque()))
        // cairo writes no resolution: without pHYs a viewer or print dialog takes 72 dpi.
        return PNGResolution.inserting(dpi: dpi, into: sink.bytes)
    }

    static func svg(_ page: Page) throws(PrintError) -> [UInt8] {
        let sink = Sink()
        // With the document unit set to mm, cairo writes the surface's size as given, in mm
        // (width="85.6mm", viewBox 0 0 85.6 54): the user units are millimetres already.
        let surface = cairo_svg_surface_create_for_stream(write, Unmanaged.passUnretained(sink).toOpaque(), page.width, page.height)
        defer { cairo_surface_destroy(surface) }
        cairo_svg_surface_set_document_unit(surface, CAIRO_SVG_UNIT_MM)
        let cr = cairo_create(surface)
        page.draw(cr!, PangoText(cairo: cr!))
        return try finish(cr, surface, sink)
    }

    /// Ends a vector document: the drawing's status, then the surface's once it is finished
    /// (cairo writes the rest of the file then), and the bytes written.
    private static func finish(_ cr: OpaquePointer?, _ surface: OpaquePointer?, _ sink: Sink) throws(PrintError) -> [UInt8] {
        let status = cairo_status(cr)
        cairo_destroy(cr)
        cairo_surface_finish(surface)
        try check(status)
        try check(cairo_surface_status(surface))
        return sink.bytes
    }
}
