using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Xml;
using ComplianceRisk.Documents.Packaging;
using ComplianceRisk.Documents.Registers;
using ComplianceRisk.Engine.Assessments;
using ComplianceRisk.Engine.Risks;
using DocumentFormat.OpenXml.Spreadsheet;
using DocumentFormat.OpenXml.Validation;
using FsCheck;
using FsCheck.Fluent;
using static ComplianceRisk.Documents.Tests.Registers.RegisterFixtures;

namespace ComplianceRisk.Documents.Tests.Registers;

/// <summary>
/// The sheets that grow with the assessment (Risk Register, Competency Matrix, Data Quality) are streamed as raw
/// SpreadsheetML with inline strings, outside the SDK's element objects: their cells must still say exactly what
/// <see cref="RegisterRow"/> says, pass the validator at any size and carry any text as XML 1.0 can.
/// </summary>
public sealed class StreamedSheetTests
{
    /// <summary>The realistic assessment's risks repeated to <paramref name="count"/>, each copy with its own id, in the engine's order.</summary>
    private static Assessment Repeated(int count)
    {
        var n = Realistic.Risks.Length;
        var risks = Enumerable.Range(0, count)
            .Select(i => Realistic.Risks[i % n] with { RiskId = $"C{i / n:D4}-{Realistic.Risks[i % n].RiskId}" })
            .OrderByDescending(r => r.Score).ThenBy(r => r.RiskId, StringComparer.Ordinal);
        return Realistic with { Risks = [.. risks] };
    }

    /// <summary>A sheet row as text, the way <see cref="Rows"/> reads it back.</summary>
    private static List<string> Expected(RegisterRow row)
    {
        static string N(int n) => n.ToString(CultureInfo.InvariantCulture);
        var cells = new List<string>
        {
            row.RiskId, N(row.Priority), row.Title, row.Description, row.Category, row.Role ?? "", row.Obligations, N(row.Likelihood),
            N(row.Impact), N(row.Score), row.Rating.ToString(), N(row.ResidualScore), row.ResidualRating.ToString(), row.Factors,
            row.ResponseType.ToString(), row.Actions, row.Owner, N(row.DueDate.DayNumber - new DateOnly(1899, 12, 30).DayNumber),
            DisplayName.Of(row.Status), row.Treatment ?? "",
        };
        while (cells.Count > 0 && cells[^1].Length == 0) cells.RemoveAt(cells.Count - 1);
        return cells;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void RiskRegister_IsRegisterRowOf_CellByCell(bool pseudonymize)
    {
        var assessment = Repeated(300);
        var options = new RegisterOptions { Roster = RealisticRoster, Pseudonymize = pseudonymize };
        using var document = Open(Write(assessment, options));
        var rows = Rows(document, "Risk Register").Values.Skip(1).ToList();
        var expected = RegisterRow.Of(assessment, Import.Catalog, new People(assessment, options)).Select(Expected).ToList();
        Assert.Equal(expected.Count, rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            while (rows[i].Count > 0 && rows[i][^1].Length == 0) rows[i].RemoveAt(rows[i].Count - 1);
            Assert.Equal(expected[i], rows[i]);
        }
    }

    [Fact]
    public void LargeRegister_PassesTheValidator_WithATableOverEveryRow_InlineTextAndNoFormula()
    {
        var assessment = Repeated(3000);
        using var document = Open(Write(assessment, new RegisterOptions { Roster = RealisticRoster }));
        var errors = new OpenXmlValidator(DocumentFormat.OpenXml.FileFormatVersions.Office2019).Validate(document, TestContext.Current.CancellationToken)
            .Select(e => $"{e.Part?.Uri} {e.Path?.XPath}: {e.Description}").ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors.Take(20)));

        var part = SheetPart(document, "Risk Register");
        Assert.Equal("A1:T3001", Assert.Single(part.TableDefinitionParts).Table.Reference!.Value);
        var cells = part.Worksheet.Descendants<Cell>().ToList();
        Assert.Equal("T3001", cells[^1].CellReference!.Value);
        Assert.Empty(part.Worksheet.Descendants<CellFormula>());
        Assert.All(cells.Where(c => c.DataType is not null), c => Assert.Equal(CellValues.InlineString, c.DataType!.Value));
    }

    /// <summary>Text XML 1.0 cannot carry, or that Excel would read as something else, in a risk's title.</summary>
    public static TheoryData<string> HostileTitles => new()
    {
        "=HYPERLINK(\"http://x\",\"click\")", "+1+1", "@SUM(A1)", "control\u0001\u001Fcharacters", "literal _x0041_ escape", "tab\tand CR\r\nand LF\n",
        "lone \uD800 surrogate", "pair 😀 kept", "  padded  ", "<b>&amp; \"quoted\" 'single'</b>", "not a character \uFFFE\uFFFF", new string('x', 40000),
    };

    [Theory]
    [MemberData(nameof(HostileTitles))]
    public void HostileText_ReadsBackAsTheSharedStringsWouldHoldIt_AndTheFileIsValid(string title)
    {
        var assessment = Realistic with { Risks = [Realistic.Risks[0] with { Title = title }, .. Realistic.Risks.Skip(1)] };
        using var document = Open(Write(assessment, new RegisterOptions { Roster = RealisticRoster }));
        Assert.Equal(SharedStrings.Clean(title), Cells(document, "Risk Register")["C2"]);
        Assert.Empty(new OpenXmlValidator(DocumentFormat.OpenXml.FileFormatVersions.Office2019).Validate(document, TestContext.Current.CancellationToken));
    }

    /// <summary>Any text: written as it is and read back the same, or refused (and then cleaned) exactly when cleaning changes it.</summary>
    [Fact]
    public void MarkupText_RoundTripsThroughAnXmlReader_OrIsRefusedOnlyWhenCleaningChangesIt()
    {
        var pieces = Gen.Elements("a", "Z", " ", "\t", "\n", "\r", "&", "<", ">", "\"", "'", "_x0041_", "_x", "é", "→", "😀", "\uD800", "\uDC00", "\u0001", "\uFFFE", "\uFFFD", "\u2028", "0123456789abcdef");
        var texts = Gen.ListOf(pieces).Select(p => string.Concat(p)).ToArbitrary();
        Prop.ForAll(texts, text =>
        {
            using var bytes = new MemoryStream();
            bool written;
            using (var markup = new Utf8Markup(bytes))
            {
                markup.Raw("<t>"u8);
                written = markup.Text(text);
                if (!written) Assert.True(markup.Text(SharedStrings.Clean(text), clean: true));
                markup.Raw("</t>"u8);
            }
            Assert.Equal(written, SharedStrings.Clean(text) == text);
            using var reader = XmlReader.Create(new MemoryStream(bytes.ToArray()));
            reader.MoveToContent();
            Assert.Equal(SharedStrings.Clean(text), reader.ReadElementContentAsString());
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Dates_AreWrittenAsTheInvariantFormatWritesThem() =>
        Prop.ForAll(Gen.Choose(DateOnly.MinValue.DayNumber, DateOnly.MaxValue.DayNumber).ToArbitrary(), day =>
        {
            var date = DateOnly.FromDayNumber(day);
            Assert.Equal(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), RegisterTexts.AppendDate(new StringBuilder("x"), date).ToString(1, 10));
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void MarkupText_SpanningManyBuffers_ArrivesWhole()
    {
        var text = string.Concat(Enumerable.Range(0, 5000).Select(i => $"row {i} & <{i}> é→😀\n"));
        using var bytes = new MemoryStream();
        using (var markup = new Utf8Markup(bytes))
        {
            markup.Raw("<t>"u8);
            for (var i = 0; i < 200; i++) Assert.True(markup.Text(text.AsSpan(0, 40000)));
            markup.Raw("</t>"u8);
        }
        using var reader = XmlReader.Create(new MemoryStream(bytes.ToArray()));
        reader.MoveToContent();
        Assert.Equal(string.Concat(Enumerable.Repeat(text[..40000], 200)), reader.ReadElementContentAsString());
    }

    [Fact]
    public void HandOff_KeepsTheOrder_AndRethrowsWhatWentWrongOnTheOtherSide()
    {
        var random = new Random(7);
        var expected = new MemoryStream();
        var target = new MemoryStream();
        using (var handOff = new HandOffStream(target))
        {
            for (var i = 0; i < 2000; i++)
            {
                var chunk = new byte[random.Next(1, 5000)];
                random.NextBytes(chunk);
                expected.Write(chunk);
                handOff.Write(chunk);
            }
            handOff.Complete();
        }
        Assert.Equal(expected.ToArray(), target.ToArray());

        using var failing = new HandOffStream(new FailingStream());
        var thrown = Record.Exception(() =>
        {
            for (var i = 0; i < 100; i++) failing.Write(new byte[10]);
            failing.Complete();
        });
        Assert.IsType<IOException>(thrown);
        Assert.Equal("disk full", thrown.Message);
    }

    [Fact]
    public void HandOff_DisposedWithoutComplete_StopsQuietly()
    {
        var handOff = new HandOffStream(new FailingStream());
        handOff.Write(new byte[10]);
        handOff.Dispose();
    }

    [Fact]
    public void Register_IsTheSameBytes_WhicheverStreamItIsWrittenTo()
    {
        var assessment = Repeated(500);
        var options = new RegisterOptions { Roster = RealisticRoster };
        var inMemory = Write(assessment, options);
        var path = Path.Combine(TestTemp.Folder("register-"), "register.xlsx");
        using (var file = new FileStream(path, FileMode.Create, FileAccess.ReadWrite)) RegisterWorkbook.Write(file, assessment, Import.Catalog, options);
        Assert.Equal(inMemory, File.ReadAllBytes(path));
    }

    [Fact]
    public void Register_LaysTheStreamedSheetsFirst_ThenContentTypes_ThenThePackagesOrder()
    {
        using var zip = new System.IO.Compression.ZipArchive(new MemoryStream(Write(Realistic, new RegisterOptions { Roster = RealisticRoster })));
        var names = zip.Entries.Select(e => e.FullName).ToList();
        Assert.Equal(["xl/worksheets/sheet3.xml", "xl/worksheets/sheet6.xml", "xl/worksheets/sheet7.xml", "[Content_Types].xml", "xl/workbook.xml"], names.Take(5));
        Assert.Equal(names.Count, names.Distinct().Count());
        Assert.All(zip.Entries, e => Assert.Equal(RegisterWorkbook.EntryTime.DateTime, e.LastWriteTime.DateTime));
    }

    [Fact]
    public void Layout_RethrowsWhatEitherSideThrew_AsItWasThrown()
    {
        var package = Task.FromResult<ReadOnlyMemory<byte>>(Write(Realistic));
        var time = RegisterWorkbook.EntryTime;

        DeterministicZip.Streamed[] badRow = [new("xl/worksheets/sheet3.xml", System.IO.Compression.CompressionLevel.Fastest, _ => throw new FormatException("bad row"))];
        Assert.Equal("bad row", Assert.Throws<FormatException>(() => DeterministicZip.Write(new MemoryStream(), time, badRow, package)).Message);

        var noPackage = Task.FromException<ReadOnlyMemory<byte>>(new IOException("no package"));
        Assert.Equal("no package", Assert.Throws<IOException>(() => DeterministicZip.Write(new MemoryStream(), time, [], noPackage)).Message);
    }

    [Fact]
    public void Register_OnAStreamThatFails_Throws_AndLeavesNothingRunning()
    {
        Assert.Throws<IOException>(() => RegisterWorkbook.Write(new FailingStream(), Repeated(2000), Import.Catalog, new RegisterOptions { Roster = RealisticRoster }));
        // Written again at once: nothing of the failed write is still at work on the context or the catalog.
        Assert.NotEmpty(Write(Realistic));
    }

    private sealed class FailingStream : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new IOException("disk full");
    }
}
