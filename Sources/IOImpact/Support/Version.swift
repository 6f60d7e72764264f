public enum IOImpactVersion {
    /// The tool's version, named in every report's provenance.
    public static let string = "0.1.0"
}
