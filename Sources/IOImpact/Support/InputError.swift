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

    /// One line: control characters in the file name, field or message (a carriage return or a NUL
    /// read from a file) are shown escaped, never echoed raw.
    public var description: String {
        var s = file
        if let line { s += " line \(line)" }
        if let field { s += (line == nil ? " " : ", ") + field }
        return InputError.escapingControlCharacters(s + ": " + message)
    }

    /// `\r`, `\n` and `\t` spelled out, other C0/C1 controls as `\u{..}`.
    public static func escapingControlCharacters(_ s: String) -> String {
        guard s.unicodeScalars.contains(where: isControl) else { return s }
        var out = ""
        for u in s.unicodeScalars {
            switch u {
            case "\r": out += "\\r"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default:
                if isControl(u) { out += "\\u{\(String(u.value, radix: 16))}" } else { out.unicodeScalars.append(u) }
            }
        }
        return out
    }

    static func isControl(_ u: Unicode.Scalar) -> Bool { u.value < 0x20 || (0x7f...0x9f).contains(u.value) }
}
