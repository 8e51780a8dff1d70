using System.Globalization;
using System.IO.Compression;
using System.IO.Packaging;
using System.Security;
using System.Text;
using ComplianceRisk.Documents.Packaging;
using ComplianceRisk.Engine.Assessments;
using ComplianceRisk.Engine.Catalogs;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace ComplianceRisk.Documents.Registers;

/// <summary>
/// Writes the board-ready risk register workbook (DESIGN §6): Summary, Heat Map, Risk Register, Role
/// Coverage, Obligation Coverage, Competency Matrix, Changes (with a previous assessment), Readiness Trend (with a trend), Data Quality and
/// Methodology. The Open XML SDK owns the package: every part, relationship, content type, the styles and the
/// table. Worksheets are streamed as SpreadsheetML (<see cref="SheetWriter"/>). The sheets that grow with the
/// assessment (Risk Register, Competency Matrix, Data Quality) are not written through the SDK's package, which
/// keeps every part uncompressed in memory until it closes: the SDK creates their parts (and the register's table)
/// and the sheets' XML is streamed into those entries, deflated as it goes, when the package is laid down with
/// fixed entry times (<see cref="DeterministicZip"/>). Every relationship id is fixed and core properties carry the
/// as-of date, so the same inputs give a byte-identical file. No cell is ever a formula: input values that
/// look like one (<c>=HYPERLINK(…)</c>, <c>+1+1</c>, <c>@SUM(A1)</c>) are written as text.
/// </summary>
public static class RegisterWorkbook
{
    public static readonly string[] SheetNames =
        ["Summary", "Heat Map", "Risk Register", "Role Coverage", "Obligation Coverage", "Competency Matrix", "Changes", "Readiness Trend", "Data Quality", "Methodology"];

    /// <summary>ZIP entry time of every part: a constant, so the file does not depend on when it was written.</summary>
    public static readonly DateTimeOffset EntryTime = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// Deflate level of the streamed sheets. Their XML is most of the file (about 250 MB of it for 100k risks),
    /// and the optimal level costs about four times the fastest (1.7 s against 0.4 s there) for a file about 40 %
    /// smaller (25 MB against 41 MB).
    /// </summary>
    public const CompressionLevel StreamedSheetCompression = CompressionLevel.Fastest;

    /// <summary>
    /// A sheet and how it is written: into its part through the SDK (<paramref name="Write"/>, text in the shared
    /// strings), or streamed when the package is laid down (<paramref name="Stream"/>, text inline) after
    /// <paramref name="Prepare"/> has added its related parts through the SDK.
    /// </summary>
    private sealed record SheetSpec(string Name, int HeaderRows = 0, Action<WorksheetPart, RegisterContext>? Write = null,
        Action<Stream, RegisterContext>? Stream = null, Action<WorksheetPart, RegisterContext>? Prepare = null);

    public static void Write(Stream output, Assessment assessment, Catalog catalog, RegisterOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(assessment);
        ArgumentNullException.ThrowIfNull(catalog);
        options ??= RegisterOptions.Default;
        var context = new RegisterContext(assessment, catalog, options);

        var sheets = new List<SheetSpec>
        {
            new("Summary", Write: SummarySheet.Write),
            new("Heat Map", Write: HeatMapSheet.Write),
            new("Risk Register", 1, Stream: RiskRegisterSheet.Write, Prepare: RiskRegisterSheet.AddTable),
            new("Role Coverage", 1, Write: CoverageSheets.WriteRoles),
            new("Obligation Coverage", 1, Write: CoverageSheets.WriteObligations),
            new("Competency Matrix", 1, Stream: CoverageSheets.WriteCompetencies),
        };
        if (options.Previous is not null) sheets.Add(new("Changes", Write: ChangesSheet.Write));
        if (options.Trend is not null) sheets.Add(new("Readiness Trend", TrendSheet.HeaderRow, Write: TrendSheet.Write));
        sheets.Add(new("Data Quality", 1, Stream: CoverageSheets.WriteWarnings));
        sheets.Add(new("Methodology", Write: MethodologySheet.Write));

        // The SDK's package (every part, the small sheets, styles, shared strings, properties) is made on a thread of
        // its own while this one streams the big sheets into the output: in a fresh process the package costs about
        // 0.3 s, nearly all of it compiling the SDK's code, which would otherwise come before the first streamed byte.
        // The streamed sheets' entries are named as the SDK names a new package's worksheet parts (sheet1.xml,
        // sheet2.xml … in the order they are added), so streaming starts at once; the package thread checks the names.
        var streamed = new List<DeterministicZip.Streamed>();
        for (var i = 0; i < sheets.Count; i++)
            if (sheets[i].Stream is { } stream)
                streamed.Add(new($"xl/worksheets/sheet{i + 1}.xml", StreamedSheetCompression, output => stream(output, context)));
        var package = Task.Factory.StartNew(() => Package(context, sheets, streamed), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        try
        {
            DeterministicZip.Write(output, EntryTime, streamed, package);
        }
        finally
        {
            // Whatever happened here, the package thread is done with the context before Write returns or throws.
            ((IAsyncResult)package).AsyncWaitHandle.WaitOne();
        }
    }

    /// <summary>
    /// The package as the SDK writes it (stored, not deflated: every entry is deflated once, when the package is laid
    /// down). The streamed sheets' entries stay empty here; their parts must have the names they are streamed under.
    /// </summary>
    private static ReadOnlyMemory<byte> Package(RegisterContext context, List<SheetSpec> sheets, List<DeterministicZip.Streamed> streamed)
    {
        var buffer = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(buffer, SpreadsheetDocumentType.Workbook, autoSave: true))
        {
            document.CompressionOption = CompressionOption.NotCompressed;
            var workbookPart = document.AddNewPart<WorkbookPart>(OfficeContentTypes.Workbook, "rId1");
            var workbookSheets = new Sheets();
            var definedNames = new DefinedNames();
            for (var i = 0; i < sheets.Count; i++)
            {
                var id = $"rId{i + 1}";
                var part = workbookPart.AddNewPart<WorksheetPart>(id);
                var sheet = sheets[i];
                if (sheet.Stream is not null && !streamed.Any(s => s.Name == part.Uri.OriginalString.TrimStart('/')))
                    throw new InvalidOperationException($"the SDK named the '{sheet.Name}' sheet's part {part.Uri}, not one of those streamed ({string.Join(", ", streamed.Select(s => s.Name))})");
                sheet.Write?.Invoke(part, context);
                sheet.Prepare?.Invoke(part, context);
                workbookSheets.Append(new Sheet { Name = sheet.Name, SheetId = (uint)(i + 1), Id = id });
                if (sheet.HeaderRows > 0)
                    definedNames.Append(new DefinedName($"'{sheet.Name}'!${sheet.HeaderRows}:${sheet.HeaderRows}") { Name = "_xlnm.Print_Titles", LocalSheetId = (uint)i });
            }
            var stylesPart = workbookPart.AddNewPart<WorkbookStylesPart>($"rId{sheets.Count + 1}");
            stylesPart.Stylesheet = RegisterStyles.Build();
            stylesPart.Stylesheet.Save();
            var stringsPart = workbookPart.AddNewPart<SharedStringTablePart>($"rId{sheets.Count + 2}");
            context.Strings.WriteTo(stringsPart);

            workbookPart.Workbook = new Workbook(
                new FileVersion { ApplicationName = "xl", LastEdited = "7", LowestEdited = "7", BuildVersion = "22228" },
                new WorkbookProperties { DefaultThemeVersion = 166925 },
                new BookViews(new WorkbookView { XWindow = 0, YWindow = 0, WindowWidth = 28800, WindowHeight = 15000, ActiveTab = 0 }),
                workbookSheets,
                definedNames,
                new CalculationProperties { CalculationId = 191029 });
            workbookPart.Workbook.Save();

            var core = document.AddNewPart<CoreFilePropertiesPart>("rId2");
            using (var stream = core.GetStream(FileMode.Create, FileAccess.Write))
            {
                var bytes = Encoding.UTF8.GetBytes(CoreProperties(context));
                stream.Write(bytes);
            }
            var app = document.AddNewPart<ExtendedFilePropertiesPart>("rId3");
            app.Properties = new DocumentFormat.OpenXml.ExtendedProperties.Properties(
                new DocumentFormat.OpenXml.ExtendedProperties.Application("ComplianceRisk"),
                new DocumentFormat.OpenXml.ExtendedProperties.Company(SharedStrings.Clean(context.OrganizationName)),
                new DocumentFormat.OpenXml.ExtendedProperties.ApplicationVersion("16.0300"));
            app.Properties.Save();
        }
        return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
    }

    /// <summary>Title, subject, company; created and modified on the as-of date (never the clock).</summary>
    private static string CoreProperties(RegisterContext context)
    {
        static string X(string text) => SecurityElement.Escape(SharedStrings.Clean(text));
        var when = context.Assessment.AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "T00:00:00Z";
        return "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n" +
            "<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" xmlns:dcmitype=\"http://purl.org/dc/dcmitype/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">" +
            $"<dc:title>{X(context.Title)}</dc:title>" +
            $"<dc:subject>{X($"Compliance staffing risk register as of {context.AsOfText}")}</dc:subject>" +
            "<dc:creator>ComplianceRisk</dc:creator>" +
            $"<cp:keywords>{X($"assessment {context.Assessment.AssessmentId}")}</cp:keywords>" +
            $"<dc:description>{X($"Catalog {context.Assessment.Catalog.Id} {context.Assessment.Catalog.Version}; engine {context.Assessment.EngineVersion}")}</dc:description>" +
            $"<dcterms:created xsi:type=\"dcterms:W3CDTF\">{when}</dcterms:created>" +
            $"<dcterms:modified xsi:type=\"dcterms:W3CDTF\">{when}</dcterms:modified>" +
            "</cp:coreProperties>";
    }
}

/// <summary>
/// What every sheet writer needs: the assessment, the catalog, how people are shown, the shared strings. Two threads
/// read it at once (the package thread writes the small sheets while the caller's streams the big ones): the
/// shared-string table is the package thread's alone, and nothing else here changes after construction.
/// </summary>
internal sealed class RegisterContext
{
    public Assessment Assessment { get; }
    public Catalog Catalog { get; }
    /// <summary>The catalog's method as the organization's profile calibrated it: the profile given, else the calibrations the assessment records.</summary>
    public CatalogMethod Method { get; }
    public RegisterOptions Options { get; }
    public People People { get; }
    public SharedStrings Strings { get; } = new();
    public string OrganizationName { get; }
    public string AsOfText { get; }
    public string Title => $"{OrganizationName} — Compliance staffing risk register";
    public string Footer { get; }

    public RegisterContext(Assessment assessment, Catalog catalog, RegisterOptions options)
    {
        Assessment = assessment;
        Catalog = catalog;
        Method = options.Profile?.EffectiveMethod(catalog.Method) ?? assessment.Organization.MethodFrom(catalog.Method);
        Options = options;
        People = new People(assessment, options);
        OrganizationName = NameOf(assessment.Organization);
        AsOfText = DateText(assessment.AsOf);
        var marking = options.Pseudonymize ? "Confidential · pseudonymized" : "Confidential · contains personal data";
        // The size code before the font's: a font name ends at its closing quote, where a size ends only at a
        // non-digit, so "&8" just before "1199SEIU" would be read as a font size of 81199.
        var before = $"&L&8&\"{RegisterStyles.FontName},Regular\"";
        var after = $" · Risk register as of {AsOfText}&C&8Page &P of &N&R&8{marking}";
        Footer = before + FooterText(SharedStrings.Clean(OrganizationName), MaxHeaderFooter - before.Length - after.Length) + after;
    }

    /// <summary>Excel's limit on a header or footer, its codes included: past it, Excel asks to repair the file.</summary>
    public const int MaxHeaderFooter = 255;

    /// <summary>
    /// Text as a header or footer shows it literally (each '&amp;' doubled), in at most <paramref name="room"/>
    /// characters: a longer text is cut with an ellipsis between whole characters, never between the two '&amp;' of
    /// one ampersand (a lone one would start a code) nor inside a surrogate pair or a combining sequence.
    /// </summary>
    internal static string FooterText(string text, int room)
    {
        var escaped = text.Replace("&", "&&", StringComparison.Ordinal);
        if (escaped.Length <= room) return escaped;
        var cut = new StringBuilder(room);
        var elements = StringInfo.GetTextElementEnumerator(text);
        while (elements.MoveNext())
        {
            var element = elements.GetTextElement().Replace("&", "&&", StringComparison.Ordinal);
            if (cut.Length + element.Length > room - 1) break;
            cut.Append(element);
        }
        return cut.ToString().TrimEnd() + "…";
    }

    /// <summary>How documents name the organization: its name, or its id when it has none.</summary>
    public static string NameOf(OrganizationSummary organization) =>
        string.IsNullOrWhiteSpace(organization.Name) ? organization.Id : organization.Name!;

    /// <summary>A date as documents write it in prose: "22 November 2026".</summary>
    public static string DateText(DateOnly date) => date.ToString("d MMMM yyyy", CultureInfo.InvariantCulture);

    public SheetWriter Sheet(WorksheetPart part, SheetLayout layout) => new(part, Strings, WithFooter(layout));

    /// <summary>A sheet streamed into <paramref name="output"/>, its text inline.</summary>
    public SheetWriter Sheet(Stream output, SheetLayout layout) => new(output, WithFooter(layout));

    private SheetLayout WithFooter(SheetLayout layout) => layout with { Footer = layout.Footer.Length > 0 ? layout.Footer : Footer };

    /// <summary>
    /// A rating band's scores as documents word them, from its minimum to the highest score that can occur in it
    /// (<see cref="ScoringMethod.HighestScoreIn"/>): "10-16" for the default High band, not "10-19".
    /// </summary>
    public string ScoresOf(RatingBand band) => Catalog.Method.Scoring.HighestScoreIn(band) switch
    {
        null => "no possible score",
        var highest when highest == band.MinScore => band.MinScore.ToString(CultureInfo.InvariantCulture),
        var highest => $"{band.MinScore.ToString(CultureInfo.InvariantCulture)}-{highest.Value.ToString(CultureInfo.InvariantCulture)}",
    };

    public RiskRating RatingOf(int score)
    {
        RatingBand? best = null;
        foreach (var band in Catalog.Method.Scoring.RatingBands)
            if (score >= band.MinScore && (best is null || band.MinScore > best.MinScore)) best = band;
        return best?.Rating ?? RiskRating.Low;
    }
}
