import Foundation

/// The shared parameter set written by `ioimpact calibrate` (`ioimpact-parameters/2`) and read by a
/// time-stepped case through its `parameters` key: each value replaces the case's own field.
///
/// ```toml
/// format = "ioimpact-parameters/2"
/// fitted_by = "ioimpact calibrate Tables/calibration/shared.toml"
/// note = "..."
/// [parameters]
/// "stocks.days" = 12.5
/// ```
public struct ParameterProfile: Sendable, Equatable {
    public static let formatVersion = "ioimpact-parameters/2"
    public var fittedBy: String
    public var note: String
    public var values: [(field: CaseField, value: Double)]

    public static func == (a: ParameterProfile, b: ParameterProfile) -> Bool {
        a.fittedBy == b.fittedBy && a.note == b.note && a.values.map(\.field) == b.values.map(\.field) && a.values.map(\.value) == b.values.map(\.value)
    }

    public init(fittedBy: String, note: String, values: [(field: CaseField, value: Double)]) {
        self.fittedBy = fittedBy
        self.note = note
        self.values = values
    }

    public static func load(path: String) throws -> ParameterProfile {
        let reader = try TOMLReader(path: path)
        let root = TOMLSection(reader)
        try root.rejectUnknownKeys(["format", "fitted_by", "note", "parameters"])
        let format = try root.string("format")
        guard format == formatVersion else {
            throw reader.error("format", in: [], "unsupported format '\(format)'; a time-stepped case reads '\(formatVersion)' (files in '\(ParameterFile.formatVersion)' belong to the static model's cases)")
        }
        let p = try root.section("parameters")
        var values: [(field: CaseField, value: Double)] = []
        for k in p.keys.sorted() {
            guard let f = CaseField(k) else {
                throw reader.error(k, in: ["parameters"], "unknown case field; one of: \(CaseField.documented.joined(separator: ", "))")
            }
            let v = try p.double(k)
            guard f.domain.contains(v) else { throw reader.error(k, in: ["parameters"], "\(v) is outside the field's domain [\(f.domain.lowerBound), \(f.domain.upperBound)]") }
            values.append((f, v))
        }
        guard !values.isEmpty else { throw reader.error("parameters", in: [], "sets no parameter") }
        return ParameterProfile(fittedBy: try root.optionalString("fitted_by") ?? "", note: try root.optionalString("note") ?? "", values: values)
    }

    /// Replaces the case's fields; the case remembers which values came from which file.
    public func apply(to c: inout DynamicCase, path: String) {
        let shown = ReportRenderer.relative(path)
        for (f, v) in values {
            let own = f.value(in: c)
            f.apply(v, to: &c, basis: "posterior median given the observed 2025 episode (`\(shown)`)")
            c.fromProfile.append((f.description, v, own))
        }
        c.parametersFile = shown
    }

    /// Deterministic TOML: keys sorted, numbers with ten significant digits.
    public func render() -> String {
        var s = "# The shared time-stepped parameter set. Written by `ioimpact calibrate`; do not edit by hand.\n"
        s += "format = \"\(ParameterProfile.formatVersion)\"\n"
        s += "fitted_by = \(JSON.quote(fittedBy))\n"
        s += "note = \(JSON.quote(note))\n\n[parameters]\n"
        for (f, v) in values.sorted(by: { $0.field.description < $1.field.description }) {
            s += "\"\(f.description)\" = \(NumberFormat.significant(v, 10))\n"
        }
        return s
    }
}
