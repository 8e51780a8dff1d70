using System.Text;
using ComplianceRisk.Cli.Output;

namespace ComplianceRisk.Cli.Tests;

/// <summary>The stream that puts a large JSON document on standard output a piece at a time.</summary>
public sealed class TextWriterStreamTests
{
    // One-, two-, three- and four-byte characters, so that pieces end inside a character.
    private const string Text = "Zoë Ñúñez, 李雷 and 🩺 on call: \"assessmentId\"";

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(4096)]
    public void Text_written_in_pieces_of_any_size_arrives_whole(int piece)
    {
        var bytes = Encoding.UTF8.GetBytes(Text + new string('x', 40_000) + Text);
        var writer = new StringWriter();
        using (var stream = new TextWriterStream(writer))
            for (var at = 0; at < bytes.Length; at += piece)
                stream.Write(bytes, at, Math.Min(piece, bytes.Length - at));
        Assert.Equal(Text + new string('x', 40_000) + Text, writer.ToString());
    }

    [Fact]
    public void A_flush_between_the_bytes_of_one_character_keeps_the_character_whole()
    {
        var bytes = Encoding.UTF8.GetBytes("李");
        var writer = new StringWriter();
        using (var stream = new TextWriterStream(writer))
        {
            stream.Write(bytes, 0, 1);
            stream.Flush(); // as a document writer may, at the end of any buffer it hands over
            stream.Write(bytes, 1, bytes.Length - 1);
        }
        Assert.Equal("李", writer.ToString());
    }

    [Fact]
    public void A_character_cut_off_at_the_end_is_refused()
    {
        var stream = new TextWriterStream(new StringWriter());
        stream.Write(Encoding.UTF8.GetBytes("李"), 0, 2);
        Assert.Throws<DecoderFallbackException>(stream.Dispose);
    }

    [Fact]
    public void Bytes_that_are_not_UTF8_are_refused()
    {
        using var stream = new TextWriterStream(new StringWriter());
        Assert.Throws<DecoderFallbackException>(() => stream.Write([0x7B, 0xFF, 0x7D]));
    }
}
