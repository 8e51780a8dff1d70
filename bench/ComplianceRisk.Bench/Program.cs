using System.Diagnostics;
using System.Globalization;
using System.Xml;
using ComplianceRisk.Documents.Rosters;
using ComplianceRisk.Engine.Assessments;
using ComplianceRisk.Engine.Catalogs;
using ComplianceRisk.Engine.Organizations;
using ComplianceRisk.Engine.Rosters;
using CsvHelper;
using CsvHelper.Configuration;
using DocumentFormat.OpenXml.Packaging;

// One measurement per process, so that bench/run.sh can read each one's peak resident memory:
//   assess <roster>    import the roster and assess it (what the product does), as of a fixed date
//   import <roster>    the import alone: the roster read into people and seats (issue 4's XLSX target)
//   baseline <roster>  the floor: read every cell of the same file and nothing else (CsvHelper over every
//                      field; a raw XmlReader over the sheet part, shared strings included)
//   assess-warm <roster>  assess, after the same process has imported and assessed a small roster of the same
//                      format (3,000 synthetic rows) and paused a second for the runtime to finish re-compiling the
//                      code that ran hot: a long-running host's second roster (serve, the Functions app), where
//                      'assess' is a fresh process's first; the difference is the first-time cost of the code
// Prints the in-process seconds of the work itself (process start and catalog load excluded), the work's size, and of
// those seconds the ones the collector paused the program for, with the collections and how many of them were gen 2.
//   coldstart <program> <roster.csv>  seconds from starting a custom handler to its first 200 from POST /api/assess
//                                     (bench/functions-coldstart.sh), and the response's length
if (args is ["coldstart", var program, var rosterPath])
    return ComplianceRisk.Bench.ColdStart.Measure(program, rosterPath);
//   register ours|baseline|floor <risks> [out.xlsx]  the register workbook at scale (RegisterBench.cs, bench/register.sh)
if (args is ["register", var which, var riskCount, .. var rest])
    return ComplianceRisk.Bench.RegisterBench.Run(which, int.Parse(riskCount, CultureInfo.InvariantCulture), rest.FirstOrDefault());
if (args is not [var mode, var path])
{
    Console.Error.WriteLine("usage: ComplianceRisk.Bench assess|assess-warm|import|baseline <roster.csv|roster.xlsx> | coldstart <program> <roster.csv>");
    return 1;
}
// As the CLI runs (src/ComplianceRisk.Cli/JitProfile.cs): the methods an earlier run of the same mode compiled are compiled
// on the second core ahead of need. bench/run.sh runs each mode once before it measures, so that there is a profile.
ComplianceRisk.Cli.JitProfile.Start($"bench-{mode}-{Path.GetExtension(path).TrimStart('.')}", Environment.GetEnvironmentVariable);
var bytes = File.ReadAllBytes(path);
var catalog = DefaultCatalog.Load();
var profile = OrganizationProfile.Create("bench", null, ["hospital"], ["US"]).GetValueOrThrow();
if (mode == "assess-warm")
{
    Assess(WarmUpRoster(path.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase)));
    // The warm-up's objects are garbage now; collect them so the measured run starts from the heap a host keeps.
    GC.Collect();
    GC.WaitForPendingFinalizers();
    Thread.Sleep(TimeSpan.FromSeconds(1));
    mode = "assess";
}
var (pausedBefore, collectionsBefore, gen2Before) = (GC.GetTotalPauseDuration(), GC.CollectionCount(0), GC.CollectionCount(2));
var clock = Stopwatch.StartNew();
long work;
switch (mode)
{
    case "assess":
        work = Assess(bytes);
        break;
    case "import":
        work = Import(bytes).Rows;
        break;
    case "baseline" when path.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase):
        work = ReadXlsx(bytes);
        break;
    case "baseline":
        work = ReadCsv(bytes);
        break;
    default:
        Console.Error.WriteLine($"unknown mode {mode}");
        return 1;
}
var elapsed = clock.Elapsed;
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"{elapsed.TotalSeconds:0.000} {work} {(GC.GetTotalPauseDuration() - pausedBefore).TotalSeconds:0.000} {GC.CollectionCount(0) - collectionsBefore} {GC.CollectionCount(2) - gen2Before}"));
return 0;

// What the product does: the roster imported and assessed as of a fixed date; the risks and rows, as the work done.
long Assess(byte[] roster)
{
    var imported = Import(roster);
    var assessment = new Assessor(catalog).Assess(profile, imported, new AssessmentOptions { AsOf = new DateOnly(2026, 11, 22) });
    return assessment.Risks.Length + imported.Rows;
}

Roster Import(byte[] roster)
{
    var read = RosterDocument.Read(new MemoryStream(roster), catalog, profile);
    return read.Roster ?? throw new InvalidOperationException(read.Rejection!.ToString());
}

// Another seed than bench/run.sh's rosters (42), so the measured roster's people are new to the process.
byte[] WarmUpRoster(bool xlsx)
{
    var generator = new SyntheticRoster(catalog, new Random(7), new DateOnly(2026, 11, 22));
    using var stream = new MemoryStream();
    if (xlsx) SyntheticWorkbook.Write(stream, generator.Rows(3_000));
    else
    {
        using var writer = new StreamWriter(stream, leaveOpen: true);
        generator.WriteCsv(writer, 3_000);
    }
    return stream.ToArray();
}

static long ReadCsv(byte[] bytes)
{
    using var reader = new StreamReader(new MemoryStream(bytes));
    using var parser = new CsvParser(reader, new CsvConfiguration(CultureInfo.InvariantCulture) { DetectDelimiter = true });
    long characters = 0;
    while (parser.Read())
        for (var i = 0; i < parser.Count; i++) characters += parser[i].Length;
    return characters;
}

static long ReadXlsx(byte[] bytes)
{
    using var document = SpreadsheetDocument.Open(new MemoryStream(bytes), false);
    var workbook = document.WorkbookPart!;
    long characters = 0;
    var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };
    foreach (var part in new OpenXmlPart?[] { workbook.SharedStringTablePart, workbook.WorksheetParts.First() })
    {
        if (part is null) continue;
        using var xml = XmlReader.Create(part.GetStream(), settings);
        while (xml.Read())
            if (xml.NodeType == XmlNodeType.Text) characters += xml.Value.Length;
    }
    return characters;
}
