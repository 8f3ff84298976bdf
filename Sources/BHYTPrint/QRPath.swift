import BHYTQR

extension QRMatrix {
    /// The dark modules as one SVG path in module units (one rectangle per horizontal run),
    /// for drawing the symbol as vectors at any size.
    public var svgPathData: String {
        var d = ""
        for y in 0..<size {
            var x = 0
            while x < size {
                guard self[x, y] else { x += 1; continue }
                var run = 1
                while x + run < size, self[x + run, y] { run += 1 }
                d += "M\(x) \(y)h\(run)v1h-\(run)z"
                x += run
            }
        }
        return d
    }

    /// An SVG group drawing the symbol with its quiet zone (white) in a `side`×`side` box at (x, y).
    public func svgGroup(x: Double, y: Double, side: Double, margin: Int = 4) -> String {
        let modules = Double(size + 2 * margin)
        let unit = side / modules
        return "<g transform=\"translate(\(SVG.mm(x)) \(SVG.mm(y))) scale(\(unit))\">"
            + "<rect width=\"\(Int(modules))\" height=\"\(Int(modules))\" fill=\"#fff\"/>"
            + "<path transform=\"translate(\(margin) \(margin))\" fill=\"#000\" shape-rendering=\"crispEdges\" d=\"\(svgPathData)\"/></g>"
    }
}
