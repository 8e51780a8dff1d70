using System.Text.Json;
using ComplianceRisk.Functions.Contract;

namespace ComplianceRisk.Functions.Tests.Envelope;

/// <summary>
/// Blob values in the envelope are base64 strings (a blob output the host decodes, a blob input or trigger declared
/// <c>dataType: binary</c>). <see cref="Base64Json"/> writes and reads them without a UTF-16 copy; what it writes must be
/// byte for byte the JSON that serializing <see cref="Convert.ToBase64String(byte[])"/> gives, escapes included, and what
/// it reads exactly what <see cref="Convert.FromBase64String"/> reads.
/// </summary>
public sealed class Base64JsonTests
{
    public static TheoryData<string, byte[]> Contents() => new()
    {
        { "empty", [] },
        { "one byte, padded twice", [0x41] },
        { "two bytes, padded once", [0x41, 0x42] },
        { "only + and / in base64", [0xfb, 0xef, 0xbe, 0xff, 0xff, 0xff] },
        { "a chunk's length less one", Pattern(3 * 1024 - 1) },
        { "a chunk's length", Pattern(3 * 1024) },
        { "a chunk's length plus one", Pattern(3 * 1024 + 1) },
        { "every byte value, many chunks", Pattern(100_003) },
        { "all + (escaped, six bytes each)", Repeat([0xfb, 0xef, 0xbe], 20_000) },
    };

    [Theory]
    [MemberData(nameof(Contents))]
    public void A_blob_value_is_the_JSON_string_of_its_base64_with_the_serializers_escapes(string content, byte[] bytes)
    {
        var expected = JsonSerializer.SerializeToElement(Convert.ToBase64String(bytes)).GetRawText();

        Assert.True(expected == Base64Json.Element(bytes).GetRawText(), content);
    }

    [Theory]
    [MemberData(nameof(Contents))]
    public void A_blob_output_in_the_handlers_answer_is_written_as_the_host_expects(string content, byte[] bytes)
    {
        // As the answer went on the wire when each output was serialized from its base64 string.
        var expected = JsonSerializer.Serialize(new Dictionary<string, string> { ["blob"] = Convert.ToBase64String(bytes) }, JsonSerializerOptions.Web);

        var answer = new InvocationOutputs().Blob("blob", bytes).ToResponse();

        Assert.True(expected == JsonSerializer.Serialize(answer.Outputs, JsonSerializerOptions.Web), content);
        Assert.Equal(bytes, Convert.FromBase64String(answer.Outputs["blob"].GetString()!));
    }

    [Fact]
    public void One_document_given_to_two_blob_outputs_is_written_to_both_and_other_content_to_its_own()
    {
        byte[] assessment = [0xfb, 0xef, 0xbe, 1, 2, 3], register = [4, 5, 6];

        var answer = new InvocationOutputs().Blob("assessment", assessment).Blob("register", register).Blob("latest", assessment).ToResponse();

        Assert.Equal(["assessment", "register", "latest"], answer.Outputs.Keys);
        Assert.Equal(Convert.ToBase64String(assessment), answer.Outputs["latest"].GetString());
        Assert.Equal(Convert.ToBase64String(assessment), answer.Outputs["assessment"].GetString());
        Assert.Equal(Convert.ToBase64String(register), answer.Outputs["register"].GetString());
    }

    [Theory]
    [MemberData(nameof(Contents))]
    public void A_base64_value_reads_back_as_its_bytes(string content, byte[] bytes)
    {
        Assert.True(bytes.AsSpan().SequenceEqual(Base64Json.Bytes(JsonSerializer.SerializeToElement(Convert.ToBase64String(bytes)))), content);
    }

    [Theory]
    [InlineData("QUJD\nREVG", "ABCDEF")] // white space, which Convert skips and the strict decoder refuses
    [InlineData(" QUJD ", "ABC")]
    public void Base64_with_white_space_reads_as_Convert_reads_it(string text, string expected)
    {
        Assert.Equal(System.Text.Encoding.ASCII.GetBytes(expected), Base64Json.Bytes(JsonSerializer.SerializeToElement(text)));
    }

    [Theory]
    [InlineData("\"not base64!\"")]
    [InlineData("\"QUJ\"")] // not a whole group
    [InlineData("{\"a\":1}")]
    [InlineData("42")]
    public void A_value_that_is_not_base64_reads_as_none(string json)
    {
        Assert.Null(Base64Json.Bytes(JsonDocument.Parse(json).RootElement));
    }

    private static byte[] Pattern(int length) => [.. Enumerable.Range(0, length).Select(i => (byte)(i * 7 + i / 256))];

    private static byte[] Repeat(byte[] group, int times) => [.. Enumerable.Repeat(group, times).SelectMany(g => g)];
}
