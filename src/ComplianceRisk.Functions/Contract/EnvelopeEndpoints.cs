using System.Text.Json;
using ComplianceRisk.Functions.Handler.Authorization;

namespace ComplianceRisk.Functions.Contract;

/// <summary>
/// The handler's side of the envelope: a function the host does not forward is invoked with
/// <c>POST /{FunctionName}</c> carrying an <see cref="InvocationRequest"/>, and answers an <see cref="InvocationResponse"/>.
/// </summary>
public static class EnvelopeEndpoints
{
    public static RouteHandlerBuilder MapEnvelope(this IEndpointRouteBuilder app, string functionName,
        Func<InvocationRequest, CancellationToken, Task<InvocationResponse>> invoke) =>
        app.MapPost("/" + functionName, async (HttpRequest request, CancellationToken cancellationToken) =>
        {
            InvocationRequest? invocation;
            try
            {
                invocation = await request.ReadFromJsonAsync<InvocationRequest>(cancellationToken);
            }
            catch (JsonException e)
            {
                // The host only ever sends the envelope here; anything else is a caller that is not the host.
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Not an invocation request", detail: e.Message);
            }
            if (invocation is null) return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Not an invocation request");
            // Organization routes are decided here, for every enveloped function at once; an app built without a policy trusts nobody.
            var policy = request.HttpContext.RequestServices.GetService<OrgAccessPolicy>() ?? new OrgAccessPolicy(AuthorizationSettings.None);
            if (OrgAuthorization.Check(invocation, policy, out var authorized) is { } refusal) return new EnvelopeAnswer(refusal);
            return new EnvelopeAnswer(await invoke(authorized, cancellationToken));
        }).WithName(functionName).ExcludeFromDescription();

    /// <summary>The HTTP trigger's value, when the binding of that name is one.</summary>
    public static HttpTriggerData? HttpTrigger(this InvocationRequest request, string bindingName) =>
        request.Data.TryGetValue(bindingName, out var value) && value.ValueKind == JsonValueKind.Object
            ? value.Deserialize<HttpTriggerData>()
            : null;

    /// <summary>An answer whose only output is an HTTP response (later functions add their blob, table and queue outputs).</summary>
    public static InvocationResponse HttpAnswer(string bindingName, HttpOutput output, params string[] logs) =>
        new(new OutputValues(new Dictionary<string, JsonElement> { [bindingName] = JsonSerializer.SerializeToElement(output) }), logs, null);
}
