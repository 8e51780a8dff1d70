using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ComplianceRisk.Functions.Handler;

/// <summary>
/// Where an organization's erasure stands, kept in the blob <c>erasures/{org}.json</c> (<see cref="Path"/>), which the
/// erasure itself keeps, as it keeps <see cref="AuditLog"/>: DeleteOrganization writes it pending (no
/// <c>erasedAt</c>), EraseOrganization again when it starts (a request put on the queue by hand, or run from the admin
/// endpoint, has no DeleteOrganization before it) and, once done, with <c>erasedAt</c>. While it is pending, SubmitRoster
/// refuses a roster (409) and ProcessRoster writes nothing for one: what arrives during an erasure would otherwise be half
/// erased or outlive it. It holds ids and times only, like the audit rows.
/// </summary>
public sealed record ErasureState(string Org, string RequestedAt, string RequestedBy, string? ErasedAt)
{
    /// <summary>The input and output binding of the functions that read or write it.</summary>
    public const string Binding = "erasureState";
    public const string Container = "erasures";

    public static string Path(string org) => $"{Container}/{org}.json";

    /// <summary>Requested and not yet done: the organization's data is being erased.</summary>
    public bool IsPending => ErasedAt is null;

    /// <summary>The stored state; null when there is none, or when it does not read (written by hand: no erasure is known).</summary>
    public static ErasureState? Read(byte[]? blob)
    {
        if (blob is not { Length: > 0 }) return null;
        try
        {
            if (JsonNode.Parse(blob) is not JsonObject state) return null;
            string? Text(string name) => state[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
            return Text("org") is { } org && Text("requestedAt") is { } at
                ? new ErasureState(org, at, Text("requestedBy") ?? Principal.Anonymous, Text("erasedAt"))
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public byte[] ToBytes()
    {
        var state = new JsonObject { ["org"] = Org, ["requestedAt"] = RequestedAt, ["requestedBy"] = RequestedBy };
        if (ErasedAt is not null) state["erasedAt"] = ErasedAt;
        return Encoding.UTF8.GetBytes(state.ToJsonString(EnvelopeHttp.Indented) + "\n");
    }
}
