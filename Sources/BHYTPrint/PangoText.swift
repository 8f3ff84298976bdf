import CPangoCairo
import NIOConcurrencyHelpers

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// pango, fontconfig and cairo's font caches are not thread-safe in every version: every use
/// of them in this module (measuring and drawing) happens under this one lock.
enum RenderLock {
    /// A pthread mutex (NIOLock): the thread sanitizer sees it, as it does not see
    /// Synchronization's Mutex on Linux.
    private static let mutex = NIOLock()

    static func run<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        mutex.lock()
        defer { mutex.unlock() }
        return try body()
    }
}

/// The fonts: DejaVu Sans (Debian fonts-dejavu-core), with fontconfig's fallback for any
/// letter it lacks. Every Vietnamese letter, precomposed or with combining marks, is in it.
let fontFamily = "DejaVu Sans, Noto Sans, sans-serif"

/// Colours as RGB in 0…1.
struct RGB: Sendable, Hashable {
    var r, g, b: Double
    static let black = RGB(r: 0, g: 0, b: 0)
    static let white = RGB(r: 1, g: 1, b: 1)
    static let label = RGB(r: 0.36, g: 0.36, b: 0.36)
    /// The band's blue.
    static let band = RGB(r: 0x1f / 255.0, g: 0x5f / 255.0, b: 0xa8 / 255.0)

    func set(_ cr: OpaquePointer) { cairo_set_source_rgb(cr, r, g, b) }
}

extension TextStyle {
    var colour: RGB {
        switch self {
        case .label: return .label
        case .value, .strong: return .black
        case .title: return .white
        }
    }

    var bold: Bool { self == .strong || self == .title }
}

/// A pango layout on a cairo context, in the context's user units (millimetres here), with
/// hinting and glyph-position rounding off so that widths scale with the size and the PDF,
/// PNG and SVG show the same line breaks. Not thread-safe: use under ``RenderLock``.
final class PangoText {
    private let context: OpaquePointer
    private let layout: OpaquePointer
    private var cache: [[TextRun]: LineMetrics] = [:]
    /// The size at which widths are measured (then divided by it).
    private static let referenceSize = 10.0

    init(cairo cr: OpaquePointer) {
        context = pango_cairo_create_context(cr)
        let options = cairo_font_options_create()
        cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE)
        cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF)
        cairo_font_options_set_antialias(options, CAIRO_ANTIALIAS_GRAY)
        pango_cairo_context_set_font_options(context, options)
        cairo_font_options_destroy(options)
        pango_context_set_round_glyph_positions(context, 0)
        pango_context_set_language(context, pango_language_from_string("vi"))
        layout = pango_layout_new(context)
    }

    deinit {
        g_object_unref(UnsafeMutableRawPointer(layout))
        g_object_unref(UnsafeMutableRawPointer(context))
    }

    /// Sets the layout to one line of `runs` at `size` (no wrapping: lines are broken by ``TextFit``).
    private func set(_ runs: [TextRun], size: Double) {
        let text = runs.map(\.text).joined()
        pango_layout_set_text(layout, text, -1)
        let font = pango_font_description_from_string(fontFamily)
        pango_font_description_set_absolute_size(font, size * Double(PANGO_SCALE))
        pango_layout_set_font_description(layout, font)
        pango_font_description_free(font)
        let attrs = pango_attr_list_new()
        var start: UInt32 = 0
        for run in runs {
            let end = start + UInt32(run.text.utf8.count)
            let c = run.style.colour
            if let colour = pango_attr_foreground_new(UInt16(c.r * 65535), UInt16(c.g * 65535), UInt16(c.b * 65535)) {
                bhyt_pango_attr_range(colour, start, end)
                pango_attr_list_insert(attrs, colour)
            }
            if run.style.bold, let weight = pango_attr_weight_new(PANGO_WEIGHT_BOLD) {
                bhyt_pango_attr_range(weight, start, end)
                pango_attr_list_insert(attrs, weight)
            }
            start = end
        }
        pango_layout_set_attributes(layout, attrs)
        pango_attr_list_unref(attrs)
    }

    /// The line's width and ink above and below the baseline, at size 1.
    func metrics(_ runs: [TextRun]) -> LineMetrics {
        if let m = cache[runs] { return m }
        set(runs, size: PangoText.referenceSize)
        var ink = PangoRectangle(), logical = PangoRectangle()
        pango_layout_get_extents(layout, &ink, &logical)
        let unit = Double(PANGO_SCALE) * PangoText.referenceSize
        let baseline = Double(pango_layout_get_baseline(layout))
        // The wider of advance and ink: a mark may stick out of the advance (Ữ at a line's end).
        let m = LineMetrics(width: Double(max(logical.width, ink.x + ink.width)) / unit,
                            ascent: (baseline - Double(ink.y)) / unit,
                            descent: (Double(ink.y + ink.height) - baseline) / unit)
        if cache.count >= 8192 { cache.removeAll(keepingCapacity: true) }  // bounded over a long run
        cache[runs] = m
        return m
    }

    /// Draws one line with its baseline at (x, baseline); `align` 0 left, 0.5 centre, 1 right of x.
    func draw(_ runs: [TextRun], size: Double, x: Double, baseline: Double, align: Double = 0, on cr: OpaquePointer) {
        set(runs, size: size)
        var ink = PangoRectangle(), logical = PangoRectangle()
        pango_layout_get_extents(layout, &ink, &logical)
        let w = Double(logical.width) / Double(PANGO_SCALE)
        let top = Double(pango_layout_get_baseline(layout)) / Double(PANGO_SCALE)
        cairo_move_to(cr, x - w * align, baseline - top)
        pango_cairo_show_layout(cr, layout)
    }
}
