/// QR error-correction level: L 7%, M 15%, Q 25%, H 30% of codewords recoverable.
public enum ErrorCorrection: String, Sendable, Hashable, CaseIterable {
    case L, M, Q, H
}

/// A QR symbol as modules: what the encoder makes and the renderers draw.
public struct QRMatrix: Sendable, Hashable {
    /// QR version 1…40.
    public let version: Int
    /// The error-correction level (L, M, Q, H).
    public let errorCorrection: ErrorCorrection
    /// Modules per side (17 + 4·version).
    public let size: Int
    /// Row-major, `true` for a dark module.
    package let modules: [Bool]

    /// A matrix of `size` × `size` modules, row by row, `true` dark.
    package init(version: Int, errorCorrection: ErrorCorrection, size: Int, modules: [Bool]) {
        self.version = version
        self.errorCorrection = errorCorrection
        self.size = size
        self.modules = modules
    }

    /// Whether the module at column `x`, row `y` is dark; outside the symbol is light.
    public subscript(x: Int, y: Int) -> Bool {
        x >= 0 && y >= 0 && x < size && y < size && modules[y * size + x]
    }
}
