/// Why a load refused its input; always names the file, and the line when one line is at fault.
public struct LoadError: Error, Equatable, Sendable, CustomStringConvertible {
    public let file: String
    public let line: Int?
    public let message: String

    public init(file: String, line: Int? = nil, _ message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String {
        (line.map { "\(file):\($0): " } ?? "\(file): ") + message
    }
}
