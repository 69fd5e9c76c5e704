extension BatchSampler {
    /// Advances the generator exactly as `fill` would for a (B, T) batch, copying nothing: a rank
    /// passes over the windows other ranks train on, so every rank's generator stays where a
    /// single process's would be.
    mutating func skip(from data: TokenStream, B: Int, T: Int) {
        let bound = data.pairs?.count ?? data.count - T
        for _ in 0..<B { _ = rng.next(below: bound) }
    }
}
