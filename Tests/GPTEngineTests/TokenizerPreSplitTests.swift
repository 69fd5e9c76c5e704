import Testing
@testable import GPTEngine

struct TokenizerPreSplitTests {
    func chunks(_ name: String, _ text: String) throws -> [String] {
        try PreTokenizer(name: name).chunks(of: text)
    }

    @Test func gpt2Basics() throws {
        #expect(try chunks("gpt2", "Hello world's  end\n\n  42!!") == ["Hello", " world", "'s", " ", " end", "\n\n ", " 42", "!!"])
    }

    @Test func gpt4Basics() throws {
        #expect(try chunks("gpt4", "Hello WORLD'S 12345\r\n\r\n\tx") == ["Hello", " WORLD", "'S", " ", "123", "45", "\r\n\r\n", "\tx"])
    }

    @Test func cjkRuleCutsOutEachIdeograph() throws {
        #expect(try chunks("gpt2+cjk", "你好，世界！") == ["你", "好", "，", "世", "界", "！"])
        #expect(try chunks("gpt2+cjk", "abc你def 中文 x") == ["abc", "你", "def", " ", "中", "文", " x"])
        #expect(try chunks("gpt2+cjk", "  你") == ["  ", "你"])
        #expect(try chunks("gpt4+cjk", "，你好") == ["，", "你", "好"])
        #expect(try chunks("none+cjk", "ab你 c好") == ["ab", "你", " c", "好"])
        // Kana and hangul are not ideographs: they stay words.
        #expect(try chunks("gpt2+cjk", "ひらがな 한국어") == ["ひらがな", " 한국어"])
    }

    @Test func withoutTheRuleHanRunsAreWords() throws {
        #expect(try chunks("gpt2", "你好，世界") == ["你好", "，", "世界"])
        #expect(try chunks("none", "a 你好\n") == ["a 你好\n"])
    }

    @Test func namesRoundTripAndBadNamesSayWhatIsExpected() throws {
        for pattern in PreTokenizer.Pattern.allCases {
            for cjk in [false, true] {
                let p = PreTokenizer(pattern: pattern, splitsIdeographs: cjk)
                #expect(try PreTokenizer(name: p.name) == p)
            }
        }
        #expect(throws: TokenizerError.invalid("unknown pre-split pattern 'gpt3': expected one of gpt2, gpt4, none, optionally followed by +cjk")) {
            try PreTokenizer(name: "gpt3")
        }
    }

    @Test func chunksCoverTheTextExactly() throws {
        var random = RandomText(seed: 11)
        for _ in 0..<300 {
            let text = random.next()
            for pattern in PreTokenizer.Pattern.allCases {
                for cjk in [false, true] {
                    let chunks = PreTokenizer(pattern: pattern, splitsIdeographs: cjk).chunks(of: text)
                    #expect(Array(chunks.joined().utf8) == Array(text.utf8))
                    #expect(!chunks.contains(""))
                }
            }
        }
    }
}
