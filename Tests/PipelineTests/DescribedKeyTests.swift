import Testing
@testable import Pipeline
import Warehouse

/// Raw processors order rows by keys made of values' descriptions; the fast form must render exactly what string
/// interpolation renders.
@Suite struct DescribedKeys {
    @Test func theFastFormIsTheInterpolatedOne() {
        let values: [SQLValue] = [.text("plain"), .text("O'Neal \"Shaq\""), .text("back\\slash"), .text("Jokić 日本"), .text("a\nb\t"),
                                  .text(""), .integer(-3), .real(0.1), .null]
        for value in values { #expect(value.describedKey == "\(value)") }
        // Every ASCII byte, printable or not, between two letters: the plain fast path must stop exactly where
        // `debugDescription` starts escaping.
        for byte in UInt8(0)...UInt8(0x7F) {
            let value = SQLValue.text("a" + String(UnicodeScalar(byte)) + "b")
            #expect(value.describedKey == "\(value)", "byte \(byte)")
        }
    }
}
