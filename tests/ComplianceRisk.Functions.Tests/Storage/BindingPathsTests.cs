using ComplianceRisk.Functions.Runtime;

namespace ComplianceRisk.Functions.Tests.Storage;

public sealed class BindingPathsTests
{
    private static readonly BindingPaths Paths = new(Serve.Clock, () => Guid.Parse("6f1c2d3e-0000-4000-8000-000000000001"));

    [Theory]
    [InlineData("profiles/{org}.json", "profiles/acme.json")]
    [InlineData("rosters/{org}/{DateTime}-{rand-guid}", "rosters/acme/2026-11-22T09-00-00Z-6f1c2d3e-0000-4000-8000-000000000001")]
    [InlineData("assessments/{ORG}/{name}.json", "assessments/acme/r1.json")]
    [InlineData("reports/{org}/{sys.utcnow}", "reports/acme/2026-11-22T09-00-00Z")]
    public void Expressions_take_trigger_values_and_system_values(string template, string expected) =>
        Assert.Equal(expected, Paths.Resolve(template, new Dictionary<string, string> { ["org"] = "acme", ["name"] = "r1" }));

    [Fact]
    public void An_expression_without_a_value_is_an_error_that_names_it()
    {
        var error = Assert.Throws<BindingException>(() => Paths.Resolve("profiles/{tenant}.json", new Dictionary<string, string>()));
        Assert.Contains("{tenant}", error.Message);
    }

    [Theory]
    [InlineData("rosters/{org}/{name}", "rosters/acme/2026-11-22T09-00-00Z-abc", "acme", "2026-11-22T09-00-00Z-abc")]
    [InlineData("rosters/{org}/{name}", "rosters/acme/sub/file.csv", "acme", "sub/file.csv")]
    public void A_trigger_pattern_captures_the_path_parts(string pattern, string path, string org, string name)
    {
        var captures = BindingPaths.Match(pattern, path)!;
        Assert.Equal(org, captures["org"]);
        Assert.Equal(name, captures["name"]);
    }

    [Theory]
    [InlineData("rosters/{org}/{name}", "profiles/acme.json")]
    [InlineData("rosters/{org}/{name}", "rosters/acme")]
    public void A_path_outside_the_pattern_does_not_match(string pattern, string path) => Assert.Null(BindingPaths.Match(pattern, path));
}
