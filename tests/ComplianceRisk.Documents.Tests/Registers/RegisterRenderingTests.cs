using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using ComplianceRisk.Documents.Registers;
using static ComplianceRisk.Documents.Tests.Registers.RegisterFixtures;

namespace ComplianceRisk.Documents.Tests.Registers;

/// <summary>
/// The register as LibreOffice renders it (headless, to PDF), read back with poppler's pdftotext and pdfinfo.
/// These tests need /usr/bin/soffice and pdftotext; when they are missing the tests fail and say what to
/// install — they never skip. Set REGISTER_RENDER_DIR to keep the workbooks and PDFs for a look.
/// </summary>
public sealed partial class RegisterRenderingTests
{
    private static string Render(byte[] workbook, string name)
    {
        var pdf = ToPdf(workbook, name);
        if (Environment.GetEnvironmentVariable("REGISTER_RENDER_DIR") is { Length: > 0 } keep)
        {
            Directory.CreateDirectory(keep);
            File.WriteAllBytes(Path.Combine(keep, name + ".xlsx"), workbook);
            File.Copy(pdf, Path.Combine(keep, name + ".pdf"), overwrite: true);
        }
        return pdf;
    }

    /// <summary>The text of each page, as pdftotext -layout writes it (pages separated by form feeds).</summary>
    private static string[] Pages(string pdf)
    {
        var pdftotext = Tool("pdftotext", "poppler-utils");
        var (code, stdout, stderr) = Run(pdftotext, "-layout", "-enc", "UTF-8", pdf, "-");
        Assert.True(code == 0, $"pdftotext failed: {stderr}");
        return stdout.Split('\f');
    }

    private static (double Width, double Height) PageSize(string pdf, int page)
    {
        var pdfinfo = Tool("pdfinfo", "poppler-utils");
        var (code, stdout, stderr) = Run(pdfinfo, "-f", page.ToString(CultureInfo.InvariantCulture), "-l", page.ToString(CultureInfo.InvariantCulture), pdf);
        Assert.True(code == 0, $"pdfinfo failed: {stderr}");
        var match = PageSizePattern().Match(stdout);
        Assert.True(match.Success, $"no page size for page {page} in:\n{stdout}");
        return (double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), double.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture));
    }

    [GeneratedRegex(@"Page\s+\d+\s+size:\s+([\d.]+) x ([\d.]+)")]
    private static partial Regex PageSizePattern();

    [Fact]
    public void LibreOffice_RendersTheRegister_WithTheOrganization_ARiskId_AndLandscapeRegisterPages()
    {
        var workbook = Write(Realistic, new RegisterOptions { Roster = RealisticRoster });
        var pdf = Render(workbook, "realistic-register");
        var pages = Pages(pdf);
        var all = string.Join("\n", pages);
        Assert.Contains(OrganizationName, all);
        Assert.Contains("ROLE:security-official", all);

        // Risk Register pages: those under its header row (print titles repeat it on every page).
        var registerPages = pages.Select((text, i) => (text, page: i + 1))
            .Where(p => p.text.Contains("Actions and named candidates", StringComparison.Ordinal)).Select(p => p.page).ToList();
        Assert.NotEmpty(registerPages);
        foreach (var page in registerPages)
        {
            var (width, height) = PageSize(pdf, page);
            Assert.True(width > height, $"Risk Register page {page} is {width} x {height}, not landscape");
        }
        // The Summary (first page) is portrait.
        var (w1, h1) = PageSize(pdf, 1);
        Assert.True(h1 > w1, "the Summary page should be portrait");
    }

    [Fact]
    public void LibreOffice_ConvertsThePseudonymized_AndTheFormulaRosterRegisters()
    {
        var earlier = Assess(File.ReadAllBytes(RealisticRosterPath), asOf: new DateOnly(2026, 6, 1)).Assessment;
        var pseudonymized = Render(Write(Realistic, new RegisterOptions { Roster = RealisticRoster, Pseudonymize = true, Previous = earlier }), "pseudonymized-register");
        var text = string.Join("\n", Pages(pseudonymized));
        Assert.Contains(OrganizationName, text);
        Assert.DoesNotContain("Delgado", text, StringComparison.Ordinal);
        Assert.Contains("Changes since the previous assessment", text);

        var (formula, roster) = Assess(Encoding.UTF8.GetBytes(FormulaRosterCsv));
        var formulaPdf = Render(Write(formula, new RegisterOptions { Roster = roster }), "formula-register");
        var formulaText = string.Join("\n", Pages(formulaPdf));
        // The values print as written, not as what a formula would compute.
        Assert.Contains("+1+1", formulaText);
        Assert.Contains("-2+3", formulaText);
    }
}
