extension UnsafeMutablePointer<Float> {
    /// The tensor at `offset` in a parameter or gradient buffer, or nil where the layout has
    /// none (the biases of a model built with bias=false).
    func at(_ offset: Int?) -> UnsafeMutablePointer<Float>? {
        offset.map { self + $0 }
    }
}
