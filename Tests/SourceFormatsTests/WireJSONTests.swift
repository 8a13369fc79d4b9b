import Foundation
import Testing
@testable import SourceFormats

/// `WireJSON` against Foundation's coders, which it replaces on the hot paths: the same values or the same kind of
/// error at the same path when decoding, the same bytes when encoding.
@Suite struct WireJSONDecoding {
    struct Row: Codable, Equatable {
        var id: Int
        var name: String
        var score: Double?
        var flag: Bool
        var tags: [String]
        var nested: Inner?
        enum CodingKeys: String, CodingKey { case id, name, score, flag, tags, nested = "nested_value" }
    }

    struct Inner: Codable, Equatable {
        var x: Int64
        var y: [Double?]
    }

    func both<T: Decodable & Equatable>(_ json: String, as type: T.Type = T.self) throws -> T {
        let foundation = try JSONDecoder().decode(T.self, from: Data(json.utf8))
        let wire = try WireJSON.decode(T.self, from: Array(json.utf8))
        #expect(wire == foundation, "\(json)")
        // Parsed once (as the HTTP client's check does), decoded from the parse: the same value.
        let parsed = WireJSON.parse(Array(json.utf8))
        #expect(parsed != nil)
        #expect(try WireJSON.decode(T.self, from: Array(json.utf8), parsed: parsed) == foundation, "\(json)")
        return wire
    }

    /// A parse is only used for the bytes it was made from; bytes that are not JSON have none.
    @Test func aParseServesItsOwnBytes() throws {
        let parsed = WireJSON.parse(Array("[1, 2, 3]".utf8))
        #expect(try WireJSON.decode([Int].self, from: Array("[4, 5, 6, 7]".utf8), parsed: parsed) == [4, 5, 6, 7])
        #expect(WireJSON.parse(Array("[1, 2".utf8)) == nil)
        #expect(throws: DecodingError.self) { try WireJSON.decode([String].self, from: Array("[1, 2, 3]".utf8), parsed: parsed) }
    }

    @Test func valuesAreFoundations() throws {
        let row = try both(#"{"id": 7, "name": "Ja\u0027 \"M\" \/ \ud83c\udfc0 é", "score": 0.1, "flag": true, "tags": ["a", ""],"#
                           + #" "nested_value": {"x": -9223372036854775808, "y": [1e-7, null, 2.5E+3, -0.0, 123456789012345678901234]}}"#,
                           as: Row.self)
        #expect(row.name == "Ja' \"M\" / 🏀 é")
        #expect(row.nested?.y[3]?.sign == .minus)
        _ = try both(#"{"id": 1, "name": "", "flag": false, "tags": [], "score": null, "unknown": {"deep": [1, {"a": 2}]}}"#, as: Row.self)
        _ = try both(#"  [1, 2.0, 3e2, -4]  "#, as: [Int].self)
        _ = try both(#"{"b": 1, "a": 2, "c": null}"#, as: [String: Int?].self)
        _ = try both(#""just a string""#, as: String.self)
        _ = try both(#"[1, 2,]"#, as: [Int].self)  // Foundation's parser takes a trailing comma
    }

    /// Every split of some long and short digit strings into whole and fraction, under exponents either side of
    /// the fast path's 10^±22 and past the 2^53 significand: exact products and the standard parser's results alike.
    @Test func doublesRoundAsTheStandardParserDoes() throws {
        let digitStrings = ["1", "5", "17", "123", "9007199254740993", "9007199254740992", "4503599627370497", "30000000000000004",
                            "123456789012345678", "7205759403792794", "999999999999999999", "2225073858507201", "49406564584124654"]
        for digits in digitStrings {
            for point in 0...digits.count {
                for exponent in stride(from: -40, through: 40, by: 3) {
                    let text = String(digits.prefix(point)).ifEmpty("0") + "." + String(digits.dropFirst(point)).ifEmpty("0") + "e\(exponent)"
                    #expect(try WireJSON.decode(Double.self, from: Array(text.utf8)) == Double(text)!, "\(text)")
                }
            }
        }
    }

    @Test func errorsAreFoundationsCasesAtFoundationsPaths() throws {
        func path(_ error: any Error) -> String {
            switch error {
            case DecodingError.keyNotFound(let key, let context): return "key " + (context.codingPath.map(\.stringValue) + [key.stringValue]).joined(separator: ".")
            case DecodingError.typeMismatch(_, let context): return "type " + context.codingPath.map(\.stringValue).joined(separator: ".")
            case DecodingError.valueNotFound(_, let context): return "null " + context.codingPath.map(\.stringValue).joined(separator: ".")
            case DecodingError.dataCorrupted(let context): return "corrupt " + context.codingPath.map(\.stringValue).joined(separator: ".")
            default: return "other"
            }
        }
        let cases = [
            #"{"id": 1, "flag": true, "tags": []}"#,                                         // no name
            #"{"id": "1", "name": "", "flag": true, "tags": []}"#,                           // a string for an Int
            #"{"id": 1, "name": null, "flag": true, "tags": []}"#,                           // null for a String
            #"{"id": 1, "name": "", "flag": true, "tags": ["a", 2]}"#,                       // an element of the wrong type
            #"{"id": 1, "name": "", "flag": true, "tags": [], "nested_value": {"x": 1.5, "y": []}}"#,  // not a whole number
            #"{"id": 1, "name": "", "flag": true, "tags": [], "nested_value": {"x": 1, "y": [true]}}"#,
            #"{"id": 99999999999999999999, "name": "", "flag": true, "tags": []}"#,          // too big for Int
            #"[1]"#,
        ]
        for json in cases {
            var foundation = "decoded", wire = "decoded"
            do { _ = try JSONDecoder().decode(Row.self, from: Data(json.utf8)) } catch { foundation = path(error) }
            do { _ = try WireJSON.decode(Row.self, from: Array(json.utf8)) } catch { wire = path(error) }
            // Foundation leaves the path out when a number does not fit; ours names where it is.
            #expect(wire == foundation || (foundation == "corrupt " && wire.hasPrefix("corrupt ")), "\(json)")
            if foundation == "corrupt " { #expect(wire == "corrupt id" || wire == "corrupt nested_value.x") }
            #expect(wire != "decoded")
        }
    }

    @Test func malformedJSONIsRejectedWithWhereItWentWrong() {
        for bad in [#"{"a": 1"#, #"{"a" 1}"#, #"[01]"#, #"[1.]"#, #"["\x"]"#, "[\"\u{01}\"]", #"{"a": tru}"#, #"[1] 2"#, "",
                    String(repeating: "[", count: 600) + String(repeating: "]", count: 600)] {
            #expect(throws: DecodingError.self, "\(bad)") { try WireJSON.decode([Int].self, from: Array(bad.utf8)) }
            #expect(throws: (any Error).self) { try JSONDecoder().decode([Int].self, from: Data(bad.utf8)) }
        }
        #expect(throws: DecodingError.self) { try WireJSON.decode(String.self, from: [0x22, 0xC3, 0x28, 0x22]) }  // bad UTF-8
        do {
            _ = try WireJSON.decode([Int].self, from: Array(#"[1, 2 3]"#.utf8))
        } catch DecodingError.dataCorrupted(let context) {
            #expect(context.debugDescription == "The given data was not valid JSON: expected ',' or ']' at byte 6.")
        } catch { Issue.record("unexpected \(error)") }
    }
}

@Suite struct WireJSONEncoding {
    struct Document: Codable {
        var zeta: String
        var alpha: Int?
        var Upper: Double
        var under_score: [Float]
        var map: [String: Bool]
        var empty: Empty
        var list: [Int8?]
    }

    struct Empty: Codable {}

    func foundation<T: Encodable>(_ value: T) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(value))
    }

    @Test func bytesAreFoundations() throws {
        let values: [Document] = [
            Document(zeta: "a/b \"q\" \\ \n\t\r\u{08}\u{0C}\u{01}\u{1F} é 🏀", alpha: nil, Upper: 1.0, under_score: [0.1, 1e-7, 3],
                     map: ["b": true, "a": false, "B": true, "a_b": false, "ab": true, "q10": true, "q2": false],
                     empty: Empty(), list: [nil, -128, 127]),
            Document(zeta: "", alpha: -9_223_372_036_854_775_807, Upper: 0.30000000000000004, under_score: [],
                     map: [:], empty: Empty(), list: []),
            Document(zeta: "x", alpha: 0, Upper: -0.0, under_score: [1e30], map: ["only": true], empty: Empty(), list: [0]),
        ]
        for value in values {
            #expect(try WireJSON.encode(value) == foundation(value))
        }
        for double in [123456789.0, 1e21, 1e-7, 5e-324, 1.7976931348623157e308, 0.456, -2.5] {
            #expect(try WireJSON.encode(double) == foundation(double))
        }
        #expect(try WireJSON.encode([["b": 1, "a": 2], [:]]) == foundation([["b": 1, "a": 2], [:]]))
        #expect(try WireJSON.encode(Optional<Int>.none) == foundation(Optional<Int>.none))
    }

    @Test func whatCannotBeJSONIsAnError() {
        #expect(throws: EncodingError.self) { try WireJSON.encode([Double.nan]) }
        #expect(throws: EncodingError.self) { try WireJSON.encode(["x": Double.infinity]) }
    }

    @Test func whatItWritesDecodesBack() throws {
        let document = Document(zeta: "z", alpha: 3, Upper: 2.5, under_score: [1.5], map: ["k": true], empty: Empty(), list: [1, nil])
        let back = try WireJSON.decode(Document.self, from: try WireJSON.encode(document))
        #expect(back.zeta == "z" && back.alpha == 3 && back.Upper == 2.5 && back.map == ["k": true] && back.list == [1, nil])
    }
}

private extension String {
    func ifEmpty(_ replacement: String) -> String { isEmpty ? replacement : self }
}
