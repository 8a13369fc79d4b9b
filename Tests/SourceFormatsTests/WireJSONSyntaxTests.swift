import Foundation
import Testing
import SourceFormats

/// The HTTP client's body check (`WireJSON.isWellFormed`) decides "malformed" (retry, record the error) without building Foundation's object tree; it must
/// agree with `JSONSerialization` on what is JSON: whole documents, every truncation of them, and the edge cases.
@Suite struct WireJSONSyntax {
    static let documents = [
        #"{"data":[{"id":1,"player":{"first_name":"Nikola","last_name":"Jokić"},"pts":31,"min":"36:12","fg_pct":0.571}],"meta":{"next_cursor":null,"per_page":100}}"#,
        #"[{"id":"ev1","commence_time":"2026-01-15T03:00:00Z","bookmakers":[{"key":"draftkings","markets":[{"outcomes":[{"name":"Over","point":24.5,"price":-115}]}]}]}]"#,
        #"{"a":"esc \" \\ \/ \b \f \n \r \t \u00e9 \uD83C\uDFC0","b":[true,false,null,-0,1e10,2.5E-3,-12.75],"c":{},"d":[]}"#,
        #"  {"nested":[[[[{"x":[1,[2,[3]]]}]]]]}  "#,
        "\"just a string\"", "42", "-0.5e+2", "null", "true",
    ]

    @Test func agreesWithJSONSerializationOnEveryPrefix() {
        for document in Self.documents {
            let bytes = Array(document.utf8)
            for end in 0...bytes.count {
                let prefix = Array(bytes[0..<end])
                let foundation = (try? JSONSerialization.jsonObject(with: Data(prefix), options: [.fragmentsAllowed])) != nil
                #expect(WireJSON.isWellFormed(prefix) == foundation, "\(String(decoding: prefix, as: UTF8.self))")
            }
        }
    }

    @Test(arguments: [
        "{\"a\":1,}", "[1,]", "[,1]", "{\"a\" 1}", "{1:2}", "01", "1.", ".5", "-", "+1", "1e", "1e+", "[1 2]",
        "\"tab\there\"", "\"bad \\x escape\"", "\"\\u12G4\"", "tru", "nul", "[", "]", "{}}", "<html>", "", "   ",
        "{\"a\":1}{\"b\":2}", "[\"\u{7F}\"]", "NaN", "Infinity", "[1,2,3]  ", "{\"k\":\"ü\"}",
    ])
    func edgeCasesAgreeWithJSONSerialization(_ text: String) {
        let bytes = Array(text.utf8)
        let foundation = (try? JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])) != nil
        #expect(WireJSON.isWellFormed(bytes) == foundation)
    }

    @Test func brokenUTF8InAStringIsMalformed() {
        #expect(!WireJSON.isWellFormed([0x22, 0xC3, 0x22]))  // a lead byte without its continuation
        #expect(!WireJSON.isWellFormed([0x22, 0xC0, 0x80, 0x22]))  // overlong
        #expect(!WireJSON.isWellFormed([0x22, 0xED, 0xA0, 0x80, 0x22]))  // a surrogate
        #expect(WireJSON.isWellFormed([0x22, 0xF0, 0x9F, 0x8F, 0x80, 0x22]))  // 🏀
    }

    @Test func nestingBeyondTheLimitIsRefusedNotOverflowed() {
        let deep = Array((String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)).utf8)
        #expect(!WireJSON.isWellFormed(deep))
    }
}
