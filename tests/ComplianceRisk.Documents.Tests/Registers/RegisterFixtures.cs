using System.Diagnostics;
using System.Text;
using ComplianceRisk.Documents.Registers;
using ComplianceRisk.Documents.Rosters;
using ComplianceRisk.Engine.Assessments;
using ComplianceRisk.Engine.Organizations;
using ComplianceRisk.Engine.Rosters;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace ComplianceRisk.Documents.Tests.Registers;

/// <summary>Real assessments of real rosters, the registers written from them, and ways to read a register back.</summary>
internal static class RegisterFixtures
{
    public static readonly DateOnly AsOf = new(2026, 11, 22);
    public const string OrganizationName = "Pecan Creek Regional Hospital";

    public static string RepositoryRoot { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ComplianceRisk.sln"))) return dir.FullName;
        throw new InvalidOperationException("repository root (ComplianceRisk.sln) not found above " + AppContext.BaseDirectory);
    }

    public static string RealisticRosterPath => Path.Combine(RepositoryRoot, "tests", "fixtures", "realistic-roster", "roster.csv");

    public static OrganizationProfile Profile(string id = "pecan-creek", string? name = OrganizationName) =>
        OrganizationProfile.Create(id, name, ["hospital"], ["US-TX"], new Dictionary<string, bool> { ["coveredEntity"] = true, ["acceptsPaymentCards"] = true }).GetValueOrThrow();

    public static (Assessment Assessment, Roster Roster) Assess(byte[] rosterBytes, OrganizationProfile? profile = null, DateOnly? asOf = null)
    {
        profile ??= Profile();
        var read = RosterDocument.Read(new MemoryStream(rosterBytes), Import.Catalog, profile);
        Assert.True(read.Success, $"roster rejected: {read.Rejection}");
        var assessment = new Assessor(Import.Catalog).Assess(profile, read.Roster!, new AssessmentOptions { AsOf = asOf ?? AsOf });
        return (assessment, read.Roster!);
    }

    private static readonly Lazy<(Assessment, Roster)> RealisticLazy = new(() => Assess(File.ReadAllBytes(RealisticRosterPath)));
    public static Assessment Realistic => RealisticLazy.Value.Item1;
    public static Roster RealisticRoster => RealisticLazy.Value.Item2;

    public static readonly string[] FormulaValues = ["=HYPERLINK(\"http://x\")", "+1+1", "@SUM(A1)", "-2+3"];

    /// <summary>A roster whose names, vendor and role cells look like spreadsheet formulas.</summary>
    public static string FormulaRosterCsv =>
        "employee_id,name,role,assignment,employment_type,vendor,fte,role_start_date,years_experience,certifications,competencies,last_training_date\n" +
        "E1,\"=HYPERLINK(\"\"http://x\"\")\",security-official,primary,employee,,,2020-01-15,12,CISSP:2027-03-31,hipaa-security=3; risk-analysis=4,2026-06-01\n" +
        "E2,+1+1,security-official,backup,contractor,@SUM(A1),0.2,,6,,hipaa-security=2,\n" +
        "E3,-2+3,privacy-official,primary,employee,,,2019-03-01,9,,hipaa-privacy=3,2026-05-01\n" +
        "E4,Plain Person,@SUM(A1),primary,employee,,,2021-01-01,3,,,2026-05-01\n" +
        "E5,Another Person,=1+1,primary,employee,,,2021-01-01,3,,,2026-05-01\n";

    public static byte[] Write(Assessment assessment, RegisterOptions? options = null)
    {
        using var stream = new MemoryStream();
        RegisterWorkbook.Write(stream, assessment, Import.Catalog, options ?? new RegisterOptions());
        return stream.ToArray();
    }

    /// <summary>Fails with the first errors the Open XML SDK's validator finds in the workbook.</summary>
    public static void AssertValid(byte[] bytes)
    {
        using var document = Open(bytes);
        var errors = new DocumentFormat.OpenXml.Validation.OpenXmlValidator(DocumentFormat.OpenXml.FileFormatVersions.Office2019).Validate(document)
            .Select(e => $"{e.Part?.Uri} {e.Path?.XPath}: {e.Description}").ToList();
        Assert.True(errors.Count == 0, $"{errors.Count} validation errors:\n{string.Join("\n", errors.Take(20))}");
    }

    public static SpreadsheetDocument Open(byte[] bytes) => SpreadsheetDocument.Open(new MemoryStream(bytes), false);

    public static WorksheetPart SheetPart(SpreadsheetDocument document, string name)
    {
        var sheet = document.WorkbookPart!.Workbook.Sheets!.Elements<Sheet>().SingleOrDefault(s => s.Name == name)
            ?? throw new Xunit.Sdk.XunitException($"no sheet '{name}'");
        return (WorksheetPart)document.WorkbookPart.GetPartById(sheet.Id!);
    }

    public static string[] SheetNames(SpreadsheetDocument document) =>
        [.. document.WorkbookPart!.Workbook.Sheets!.Elements<Sheet>().Select(s => s.Name!.Value!)];

    /// <summary>Every cell of a sheet as text (shared strings resolved), by reference.</summary>
    public static Dictionary<string, string> Cells(SpreadsheetDocument document, string sheet)
    {
        var strings = document.WorkbookPart!.SharedStringTablePart?.SharedStringTable.Elements<SharedStringItem>().Select(i => i.InnerText).ToArray() ?? [];
        var cells = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var cell in SheetPart(document, sheet).Worksheet.Descendants<Cell>())
        {
            var value = cell.CellValue?.Text ?? cell.InlineString?.InnerText;
            if (value is null) continue;
            if (cell.DataType?.Value == CellValues.SharedString) value = strings[int.Parse(value)];
            cells[cell.CellReference!.Value!] = value;
        }
        return cells;
    }

    /// <summary>A sheet's rows as lists of cell texts (blank cells as ""), keyed by row number.</summary>
    public static SortedDictionary<int, List<string>> Rows(SpreadsheetDocument document, string sheet)
    {
        var rows = new SortedDictionary<int, List<string>>();
        foreach (var (reference, value) in Cells(document, sheet))
        {
            var letters = new string([.. reference.TakeWhile(char.IsLetter)]);
            var row = int.Parse(reference[letters.Length..]);
            var column = letters.Aggregate(0, (n, c) => n * 26 + c - 'A' + 1);
            var list = rows.TryGetValue(row, out var l) ? l : rows[row] = [];
            while (list.Count < column) list.Add("");
            list[column - 1] = value;
        }
        return rows;
    }

    /// <summary>The path of a tool the rendering tests need; fails (never skips) with how to install it.</summary>
    public static string Tool(string name, string package)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Append("/usr/bin").Append("/usr/local/bin"))
        {
            var path = Path.Combine(dir, name);
            if (File.Exists(path)) return path;
        }
        Assert.Fail($"'{name}' was not found on PATH or in /usr/bin: install it with `apt-get install -y {package}` (the register rendering tests need it).");
        return "";
    }

    public static (int ExitCode, string Stdout, string Stderr) Run(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(180_000))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{file} {string.Join(' ', args)} timed out");
        }
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Converts a workbook to PDF with LibreOffice headless, in a private profile directory.</summary>
    public static string ToPdf(byte[] workbook, string name)
    {
        var soffice = Tool("soffice", "libreoffice-calc");
        var dir = TestTemp.Folder("register-pdf-");
        var profile = TestTemp.Folder("lo-profile-");
        var xlsx = Path.Combine(dir, name + ".xlsx");
        File.WriteAllBytes(xlsx, workbook);
        var (code, stdout, stderr) = Run(soffice, $"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf", "--outdir", dir, xlsx);
        var pdf = Path.Combine(dir, name + ".pdf");
        Assert.True(code == 0 && File.Exists(pdf), $"LibreOffice failed to convert the register (exit {code}):\n{stdout}\n{stderr}");
        try { Directory.Delete(profile, true); } catch (IOException) { }
        return pdf;
    }

    public static string Utf8(byte[] bytes) => Encoding.UTF8.GetString(bytes);
}
