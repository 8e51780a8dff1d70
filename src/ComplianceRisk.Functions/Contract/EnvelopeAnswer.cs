using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace ComplianceRisk.Functions.Contract;

/// <summary>
/// The handler's answer, written as <c>Results.Json</c> writes it (the same options, so the same bytes), but one output
/// at a time, each handed to the response as soon as it is written, and a blob's base64 encoded into the response a
/// megabyte at a time (<see cref="Base64Json.WriteAsync"/>): the answer of a large roster, hundreds of megabytes of
/// base64, is never held whole, as text or as JSON; only the documents it carries are.
/// </summary>
public sealed class EnvelopeAnswer(InvocationResponse answer) : IResult
{
    public async Task ExecuteAsync(HttpContext context)
    {
        var options = context.RequestServices?.GetService<IOptions<JsonOptions>>()?.Value.SerializerOptions ?? JsonSerializerOptions.Web;
        var cancellationToken = context.RequestAborted;
        context.Response.ContentType = "application/json; charset=utf-8";
        var body = context.Response.BodyWriter;
        await using var writer = new Utf8JsonWriter(body, new JsonWriterOptions { Encoder = options.Encoder, Indented = options.WriteIndented, MaxDepth = options.MaxDepth });
        writer.WriteStartObject();
        // The members in the order and under the names the serializer gives them.
        foreach (var property in options.GetTypeInfo(typeof(InvocationResponse)).Properties)
        {
            writer.WritePropertyName(property.Name);
            var value = property.Get!(answer);
            if (value is OutputValues outputs) await WriteOutputsAsync(writer, outputs, options, body, cancellationToken);
            else JsonSerializer.Serialize(writer, value, property.PropertyType, options);
        }
        writer.WriteEndObject();
        writer.Flush();
        await body.FlushAsync(cancellationToken);
    }

    private static async Task WriteOutputsAsync(Utf8JsonWriter writer, OutputValues outputs, JsonSerializerOptions options, System.IO.Pipelines.PipeWriter body, CancellationToken cancellationToken)
    {
        writer.WriteStartObject();
        foreach (var (name, json, blob) in outputs.Entries)
        {
            writer.WritePropertyName(options.DictionaryKeyPolicy?.ConvertName(name) ?? name);
            if (blob is not null) await Base64Json.WriteAsync(writer, blob, body, cancellationToken);
            else JsonSerializer.Serialize(writer, json, options);
            writer.Flush();
            await body.FlushAsync(cancellationToken);
        }
        writer.WriteEndObject();
    }
}
