using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ComplianceRisk.Functions.Contract;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceRisk.Functions.Tests.Envelope;

/// <summary>
/// The handler writes its answer output by output, a blob's base64 as it encodes it; the host must get byte for byte
/// the JSON it got when the whole answer was serialized at once (Results.Json) from each blob's base64 string.
/// </summary>
public sealed class EnvelopeAnswerTests
{
    [Fact]
    public async Task An_answer_with_large_blobs_is_written_byte_for_byte_as_the_serialized_answer()
    {
        // Over a megabyte each (several flushes), every byte value, '+' and '/' in the base64, and one document given to two outputs.
        var assessment = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 40_000).Select(i => $"{{\"id\":\"P{i:D6}\",\"name\":\"Zoë <{i}> & co\"}},")));
        var workbook = Enumerable.Range(0, 1_500_001).Select(i => (byte)(i * 31 + i / 7)).ToArray();
        var row = new JsonObject { ["PartitionKey"] = "pecan-creek", ["Reason"] = "a \"quoted\" reason, é + ü" };
        var http = HttpOutput.Create(200, "{\"ok\":true}");
        var answer = new InvocationOutputs()
            .Blob("assessment", assessment).Blob("register", workbook).Blob("empty", []).Json("row", row).Blob("latest", assessment)
            .Http("res", http).Log("rosters/pecan-creek/x assessed").ToResponse();

        // What the handler answered before: Results.Json of the answer, each blob serialized from its base64 string.
        var (_, expected) = await WriteAsync(Results.Json(new Dictionary<string, object?>
        {
            ["Outputs"] = new Dictionary<string, JsonElement>
            {
                ["assessment"] = JsonSerializer.SerializeToElement(Convert.ToBase64String(assessment)),
                ["register"] = JsonSerializer.SerializeToElement(Convert.ToBase64String(workbook)),
                ["empty"] = JsonSerializer.SerializeToElement(""),
                ["row"] = JsonSerializer.SerializeToElement(row),
                ["latest"] = JsonSerializer.SerializeToElement(Convert.ToBase64String(assessment)),
                ["res"] = JsonSerializer.SerializeToElement(http),
            },
            ["Logs"] = new[] { "rosters/pecan-creek/x assessed" },
            ["ReturnValue"] = null,
        }));

        var (contentType, written) = await WriteAsync(new EnvelopeAnswer(answer));

        Assert.Equal("application/json; charset=utf-8", contentType);
        Assert.True(expected == written, "the answer differs from the serialized one");
        var read = JsonSerializer.Deserialize<InvocationResponse>(written, JsonSerializerOptions.Web)!;
        Assert.Contains("+", read.Outputs["register"].GetString()!);
        Assert.Equal(assessment, Convert.FromBase64String(read.Outputs["latest"].GetString()!));
        Assert.Equal(workbook, Convert.FromBase64String(read.Outputs["register"].GetString()!));
    }

    [Fact]
    public async Task An_answer_without_outputs_is_written_as_the_serialized_answer()
    {
        var answer = new InvocationOutputs().Log("nothing to write").ToResponse();

        var (_, written) = await WriteAsync(new EnvelopeAnswer(answer));

        Assert.Equal("""{"Outputs":{},"Logs":["nothing to write"],"ReturnValue":null}""", written);
    }

    private static async Task<(string? ContentType, string Text)> WriteAsync(IResult answer)
    {
        using var body = new MemoryStream();
        var context = new DefaultHttpContext { RequestServices = new ServiceCollection().AddOptions().AddLogging().BuildServiceProvider() };
        context.Response.Body = body;
        await answer.ExecuteAsync(context);
        await context.Response.BodyWriter.CompleteAsync();
        return (context.Response.ContentType, Encoding.UTF8.GetString(body.ToArray()));
    }
}
