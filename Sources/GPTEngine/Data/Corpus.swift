import Foundation

/// A UTF-8 text file split into a training part and a validation part (the last fraction,
/// as nanoGPT splits it).
public struct Corpus {
    public let path: String
    public let text: String
    public let valFraction: Double
    public let characterCount: Int
    public let distinctCharacters: Int
    /// Documents found when the corpus was split into documents, else nil.
    public let documents: Int?
    public let separator: Documents.Separator?
    /// Set when the corpus is `load pairs`'s: the text is then its pairs in their format.
    public internal(set) var pairs: PairSplit? = nil

    /// With a `separator`, the text is split into documents joined by `<|endoftext|>`.
    public init(path: String, valFraction: Double, separator: Documents.Separator? = nil) throws {
        guard (0..<1).contains(valFraction) else {
            throw EngineError.invalidArgument("val must be at least 0 and below 1, got \(valFraction)")
        }
        let data = try BoundedFileRead.read(path)
        guard let text = String(data: data, encoding: .utf8) else {
            throw EngineError.format("'\(path)' is not valid UTF-8 text")
        }
        try self.init(path: path, text: text, valFraction: valFraction, separator: separator)
    }

    public init(path: String, text raw: String, valFraction: Double, separator: Documents.Separator? = nil) throws {
        guard !raw.isEmpty else { throw EngineError.format("'\(path)' is empty") }
        var text = raw
        if let separator {
            let docs = Documents.split(raw, by: separator)
            guard !docs.isEmpty else { throw EngineError.format("'\(path)' holds no documents") }
            text = Documents.join(docs)
            documents = docs.count
        } else {
            documents = nil
        }
        self.path = path
        self.separator = separator
        self.text = text
        self.valFraction = valFraction
        characterCount = text.count
        distinctCharacters = Set(text).count
    }

    /// The training and validation texts, split at a character boundary.
    public var parts: (train: Substring, val: Substring) {
        let trainCount = pairs?.trainCharacters ?? Int((Double(characterCount) * (1 - valFraction)).rounded(.down))
        let cut = text.index(text.startIndex, offsetBy: trainCount)
        return (text[..<cut], text[cut...])
    }

    /// FNV-1a over the UTF-8 bytes: a stable fingerprint checkpoints compare against.
    public var fingerprint: String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in text.utf8 {
            h ^= UInt64(b)
            h = h &* 0x100_0000_01b3
        }
        return String(format: "%016llx", h)
    }

    /// Why a file could not be read, as the C library words it.
    public static func reason(_ error: Error) -> String {
        let ns = error as NSError
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError,
           underlying.domain == NSPOSIXErrorDomain, let code = POSIXErrorCode(rawValue: Int32(underlying.code)) {
            return String(cString: strerror(code.rawValue))
        }
        // Foundation words these its own way ("The volume is read only"); the C library's
        // words are the ones the rest of gptsh's messages use.
        let posix: [Int: Int32] = [NSFileReadNoSuchFileError: ENOENT, NSFileNoSuchFileError: ENOENT,
                                   NSFileReadNoPermissionError: EACCES, NSFileWriteNoPermissionError: EACCES,
                                   NSFileWriteVolumeReadOnlyError: EROFS, NSFileWriteOutOfSpaceError: ENOSPC,
                                   NSFileWriteFileExistsError: EEXIST]
        if ns.domain == NSCocoaErrorDomain, let code = posix[ns.code] { return String(cString: strerror(code)) }
        return ns.localizedDescription
    }
}
