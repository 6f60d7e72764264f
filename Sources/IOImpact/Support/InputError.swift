/// Bad input, located so that a person can fix it: the file, the line and the column or field.
public struct InputError: Error, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var field: String?
    public var message: String

    public init(file: String, line: Int? = nil, field: String? = nil, _ message: String) {
        self.file = file
        self.line = line
        self.field = field
        self.message = message
    }

    public var description: String {
        var s = file
        if let line { s += " line \(line)" }
        if let field { s += (line == nil ? " " : ", ") + field }
        return s + ": " + message
    }
}
