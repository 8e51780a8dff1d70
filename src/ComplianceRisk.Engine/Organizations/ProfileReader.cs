using System.Collections.Immutable;

namespace ComplianceRisk.Engine.Organizations;

/// <summary>Reads an organization profile document (schema: <c>schemas/profile.schema.json</c>).</summary>
public static class ProfileReader
{
    public const int MaxBytes = 1024 * 1024;

    internal sealed record ProfileDocument
    {
        [System.Text.Json.Serialization.JsonPropertyName("$schema")]
        public string? Schema { get; init; }
        public required string Id { get; init; }
        public string? Name { get; init; }
        public required ImmutableArray<string> OrgTypes { get; init; }
        public required ImmutableArray<string> Jurisdictions { get; init; }
        public Dictionary<string, bool>? Attributes { get; init; }
        public ProfilePolicy? Policy { get; init; }
        public Dictionary<string, string>? RoleAliases { get; init; }
    }

    /// <summary>
    /// Reads the profile; <paramref name="alsoCheck"/> checks what the reader's caller knows (the organization of a route,
    /// the catalog) on the profile as read, so that its errors are listed with an unknown property's instead of one
    /// request later.
    /// </summary>
    public static ParseResult<OrganizationProfile> Read(ReadOnlySpan<byte> utf8Json, Func<OrganizationProfile, IEnumerable<InputError>>? alsoCheck = null)
    {
        if (utf8Json.Length > MaxBytes)
            return ParseResult<OrganizationProfile>.Fail("", $"the profile is {utf8Json.Length:N0} bytes; the limit is {MaxBytes:N0}");
        return JsonInput.Read(utf8Json, EngineJsonContext.Default.ProfileDocument, doc =>
        {
            var made = OrganizationProfile.Create(doc.Id, doc.Name, doc.OrgTypes, doc.Jurisdictions, doc.Attributes, doc.Policy, doc.RoleAliases);
            return made.Success && alsoCheck?.Invoke(made.Value).ToList() is { Count: > 0 } errors ? ParseResult<OrganizationProfile>.Fail(errors) : made;
        });
    }
}
