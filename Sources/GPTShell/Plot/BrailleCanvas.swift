/// A grid of character cells, each a 2×4 block of Braille dots, so that a terminal line chart
/// has four times the resolution of its rows. Each cell remembers which series drew in it last,
/// for its colour.
struct BrailleCanvas {
    let columns: Int
    let rows: Int
    private var dots: [UInt8]
    private var owner: [Int?]
    /// Characters that replace a cell's dots: markers at measured points.
    private var overlay: [Int: Character] = [:]

    init(columns: Int, rows: Int) {
        self.columns = columns
        self.rows = rows
        dots = Array(repeating: 0, count: columns * rows)
        owner = Array(repeating: nil, count: columns * rows)
    }

    var width: Int { columns * 2 }
    var height: Int { rows * 4 }

    /// The dot bits of a cell, by column then row (Unicode's Braille numbering).
    private static let bits: [[UInt8]] = [[0x01, 0x02, 0x04, 0x40], [0x08, 0x10, 0x20, 0x80]]

    /// `y` counts dots from the top.
    mutating func set(_ x: Int, _ y: Int, series: Int) {
        guard x >= 0, x < width, y >= 0, y < height else { return }
        let cell = (y / 4) * columns + x / 2
        dots[cell] |= Self.bits[x % 2][y % 4]
        owner[cell] = series
    }

    /// Every dot between two points; `dashed` leaves gaps along the way.
    mutating func line(from a: (Int, Int), to b: (Int, Int), series: Int, dashed: Bool = false) {
        let dx = abs(b.0 - a.0), dy = -abs(b.1 - a.1)
        let sx = a.0 < b.0 ? 1 : -1, sy = a.1 < b.1 ? 1 : -1
        var (x, y) = a
        var error = dx + dy
        var n = 0
        while true {
            if !dashed || n % 6 < 3 { set(x, y, series: series) }
            n += 1
            if x == b.0 && y == b.1 { return }
            let e2 = 2 * error
            if e2 >= dy { error += dy; x += sx }
            if e2 <= dx { error += dx; y += sy }
        }
    }

    mutating func mark(_ x: Int, _ y: Int, with character: Character, series: Int) {
        guard x >= 0, x < width, y >= 0, y < height else { return }
        let cell = (y / 4) * columns + x / 2
        overlay[cell] = character
        owner[cell] = series
    }

    /// One row of cells as characters, with the series index of each (nil for an empty cell).
    func row(_ r: Int) -> [(Character, Int?)] {
        (0..<columns).map { c in
            let cell = r * columns + c
            if let mark = overlay[cell] { return (mark, owner[cell]) }
            guard dots[cell] != 0 else { return (" ", nil) }
            return (Character(Unicode.Scalar(0x2800 + UInt32(dots[cell]))!), owner[cell])
        }
    }
}
