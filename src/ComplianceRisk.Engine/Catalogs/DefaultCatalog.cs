namespace ComplianceRisk.Engine.Catalogs;

/// <summary>The health-IT catalog that ships inside the engine, so the product works with no configuration.</summary>
public static class DefaultCatalog
{
    private const string ResourceName = "ComplianceRisk.Engine.default-catalog.json";

    /// <summary>The embedded document, byte for byte (what <c>catalog export</c> writes).</summary>
    public static byte[] GetBytes()
    {
        using var stream = typeof(DefaultCatalog).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is missing from the build.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>Parses and validates the embedded catalog; a failure here is a build defect, not user error.</summary>
    public static Catalog Load() => CatalogReader.Read(GetBytes()).GetValueOrThrow();
}
