using System.Text;
using ComplianceRisk.Engine.Catalogs;
using ComplianceRisk.Engine.Organizations;

namespace ComplianceRisk.Engine.Tests;

public sealed class OrganizationProfileTests
{
    [Theory]
    // Providers, payers and clearinghouses are covered entities; developers and business associates are not.
    [InlineData("hospital", true, true, false)]
    [InlineData("clinic", true, true, false)]
    [InlineData("payer", true, false, false)]
    [InlineData("clearinghouse", true, false, false)]
    [InlineData("health-it-developer", false, false, true)]
    [InlineData("business-associate", false, false, false)]
    public void Attributes_DefaultFromOrgType(string orgType, bool coveredEntity, bool cards, bool certifiedHealthIt)
    {
        var profile = OrganizationProfile.Create("o", null, [orgType], ["US"]).GetValueOrThrow();
        Assert.Equal(coveredEntity, profile.Attributes["coveredEntity"]);
        Assert.Equal(cards, profile.Attributes["acceptsPaymentCards"]);
        Assert.Equal(certifiedHealthIt, profile.Attributes["certifiedHealthIt"]);
        Assert.False(profile.Attributes["impactedPayer"]);
    }

    [Fact]
    public void Attributes_GivenOverrideTheDefault()
    {
        var profile = OrganizationProfile.Create("o", null, ["payer"], ["US"], new Dictionary<string, bool> { ["impactedPayer"] = true, ["coveredEntity"] = false }).GetValueOrThrow();
        Assert.True(profile.Attributes["impactedPayer"]);
        Assert.False(profile.Attributes["coveredEntity"]);
    }

    [Fact]
    public void StateJurisdiction_ImpliesUS()
    {
        var profile = OrganizationProfile.Create("o", null, ["hospital"], ["us-ny"]).GetValueOrThrow();
        Assert.Equal(["US", "US-NY"], profile.Jurisdictions);
    }

    [Theory]
    [InlineData("hospitals", "US", "orgTypes[0]: unknown organization type 'hospitals'")]
    [InlineData("hospital", "US-FL", "jurisdictions[0]: unknown jurisdiction 'US-FL'")]
    [InlineData("", "US", "orgTypes: at least one organization type is required")]
    public void Invalid_ErrorNamesThePath(string orgType, string jurisdiction, string expected)
    {
        var result = OrganizationProfile.Create("o", null, [orgType], [jurisdiction]);
        Assert.False(result.Success);
        Assert.StartsWith(expected, result.Errors.Single().ToString(), StringComparison.Ordinal);
    }

    /// <summary>
    /// The raise of the loss probability for someone new in their role (DESIGN §5: "Organizations may override every
    /// rate") is calibrated by the profile as the attrition rates are: the value used, and the organization named as its
    /// source; what the profile leaves out stays the catalog's (× 1.5 under 12 months in the default catalog).
    /// </summary>
    [Theory]
    [InlineData("", 1.5, 12, false)]
    [InlineData("\"newInRoleMultiplier\": 2", 2.0, 12, true)]
    [InlineData("\"newInRoleMultiplier\": 1", 1.0, 12, true)]
    [InlineData("\"newInRoleMonths\": 6", 1.5, 6, true)]
    [InlineData("\"newInRoleMonths\": 0", 1.5, 0, true)]
    [InlineData("\"newInRoleMultiplier\": 3.5, \"newInRoleMonths\": 24", 3.5, 24, true)]
    [InlineData("\"newInRoleMultiplier\": null, \"newInRoleMonths\": null", 1.5, 12, false)]
    public void Reader_NewInRoleCalibration_ReplacesTheCatalogs(string policy, double multiplier, int months, bool calibrated)
    {
        var json = $$"""{ "id": "lone-star", "orgTypes": ["hospital"], "jurisdictions": ["US-TX"], "policy": { {{policy}} } }""";
        var profile = ProfileReader.Read(Encoding.UTF8.GetBytes(json)).GetValueOrThrow();
        var attrition = profile.EffectiveMethod(DefaultCatalog.Load().Method).Attrition;
        Assert.Equal((multiplier, months), (attrition.NewInRoleMultiplier, attrition.NewInRoleMonths));
        Assert.Equal(calibrated, attrition.NewInRoleSource == "lone-star organization calibration");
    }

    [Fact]
    public void Reader_ReadsPolicyAndAliases()
    {
        var json = """
        { "$schema": "../schemas/profile.schema.json", "id": "lone-star", "name": "Lone Star", "orgTypes": ["hospital"], "jurisdictions": ["US-TX"],
          "attributes": { "hitrust": true },
          "policy": { "trainingCadenceMonths": 6, "attritionRates": { "employee": 0.2 }, "dateOrder": "day-first" },
          "roleAliases": { "Chief Security Guy": "security-official" } }
        """;
        var profile = ProfileReader.Read(Encoding.UTF8.GetBytes(json)).GetValueOrThrow();
        Assert.True(profile.Attributes["hitrust"]);
        Assert.Equal(DateOrder.DayFirst, profile.Policy.DateOrder);
        var method = profile.EffectiveMethod(DefaultCatalog.Load().Method);
        Assert.Equal(6, method.Windows.TrainingCadenceMonths);
        Assert.Equal(0.2, method.Attrition.Rates[Rosters.EmploymentType.Employee].AnnualRate);
        Assert.Empty(profile.CheckAgainst(DefaultCatalog.Load()));
    }

    [Fact]
    public void Reader_PolicyWithoutAttritionRates_KeepsTheCatalogRates()
    {
        // A member the document leaves out keeps its default, also with generated JSON metadata (dotnet/runtime#84484).
        var json = """{ "id": "x", "orgTypes": ["clinic"], "jurisdictions": ["US"], "policy": { "trainingCadenceMonths": 6 } }""";
        var profile = ProfileReader.Read(Encoding.UTF8.GetBytes(json)).GetValueOrThrow();
        Assert.Empty(profile.Policy.AttritionRates);
        var catalog = DefaultCatalog.Load();
        var rates = profile.EffectiveMethod(catalog.Method).Attrition.Rates;
        Assert.All(catalog.Method.Attrition.Rates, r => Assert.Equal(r.Value.AnnualRate, rates[r.Key].AnnualRate));
    }

    [Fact]
    public void Reader_PolicyAtTheMaxima_IsReadAndAssessed()
    {
        var json = """
            { "id": "x", "orgTypes": ["hospital"], "jurisdictions": ["US"],
              "policy": { "trainingCadenceMonths": 60, "certExpiringDays": 730, "departurePendingDays": 730, "interimMaxDays": 730 } }
            """;
        var profile = ProfileReader.Read(Encoding.UTF8.GetBytes(json)).GetValueOrThrow();
        var assessment = new Scenario { Profile = profile }.Add("A", "sec", Scenario.Skills(("security", 3))).Assess();
        Assert.NotEmpty(assessment.Risks);
    }

    [Fact]
    public void Reader_UnknownRoleAlias_IsReportedAgainstTheCatalog()
    {
        var json = """{ "id": "x", "orgTypes": ["clinic"], "jurisdictions": ["US"], "roleAliases": { "Boss": "security-oficial" } }""";
        var profile = ProfileReader.Read(Encoding.UTF8.GetBytes(json)).GetValueOrThrow();
        Assert.Equal("roleAliases.Boss: unknown role id 'security-oficial' in catalog 'health-it-default'", profile.CheckAgainst(DefaultCatalog.Load()).Single().ToString());
    }

    [Theory]
    [InlineData("""{ "id": "x", "orgTypes": ["clinic"], "jurisdictions": ["US"], "policy": { "trainingCadenceMonths": 0 } }""", "policy.trainingCadenceMonths: must be at least 1")]
    [InlineData("""{ "id": "x", "orgTypes": ["clinic"], "jurisdictions": ["US"], "colour": "red" }""", "colour: unknown property")]
    [InlineData("""{ "id": "x", "orgTypes": ["clinic"], "jurisdictions": ["US"], "policy": { "dateOrder": "ymd" } }""", "policy.dateOrder: 'ymd' is not one of: month-first, day-first")]
    [InlineData("""{ "id": "x", "orgTypes": ["clinic"], "jurisdictions": ["US"], "policy": { "attritionRates": { "staff": 0.1 } } }""", "policy.attritionRates.staff: 'staff' is not one of: employee, contractor, vendor, msp")]
    [InlineData("""{ "id": "x", "orgTypes": ["clinic"] }""", "missing required properties: 'jurisdictions'")]
    // The catalog's windows a policy replaces are held to the same maxima.
    [InlineData("""{ "id": "x", "orgTypes": ["clinic"], "jurisdictions": ["US"], "policy": { "trainingCadenceMonths": 100000 } }""", "policy.trainingCadenceMonths: 100000 is more than the maximum, 60")]
    [InlineData("""{ "id": "x", "orgTypes": ["clinic"], "jurisdictions": ["US"], "policy": { "trainingCadenceMonths": 2000000000 } }""", "policy.trainingCadenceMonths: 2000000000 is more than the maximum, 60")]
    [InlineData("""{ "id": "x", "orgTypes": ["clinic"], "jurisdictions": ["US"], "policy": { "certExpiringDays": 731 } }""", "policy.certExpiringDays: 731 is more than the maximum, 730")]
    [InlineData("""{ "id": "x", "orgTypes": ["clinic"], "jurisdictions": ["US"], "policy": { "departurePendingDays": 731 } }""", "policy.departurePendingDays: 731 is more than the maximum, 730")]
    [InlineData("""{ "id": "x", "orgTypes": ["clinic"], "jurisdictions": ["US"], "policy": { "interimMaxDays": 731 } }""", "policy.interimMaxDays: 731 is more than the maximum, 730")]
    // The new-in-role calibration is held to the catalog's bounds: a multiplier below 1 would make newcomers stay longer.
    [InlineData("""{ "id": "x", "orgTypes": ["clinic"], "jurisdictions": ["US"], "policy": { "newInRoleMultiplier": 0.5 } }""", "policy.newInRoleMultiplier: 0.5 is outside 1-10")]
    [InlineData("""{ "id": "x", "orgTypes": ["clinic"], "jurisdictions": ["US"], "policy": { "newInRoleMultiplier": 11 } }""", "policy.newInRoleMultiplier: 11 is outside 1-10")]
    [InlineData("""{ "id": "x", "orgTypes": ["clinic"], "jurisdictions": ["US"], "policy": { "newInRoleMultiplier": "2" } }""", "policy.newInRoleMultiplier: expected a number")]
    [InlineData("""{ "id": "x", "orgTypes": ["clinic"], "jurisdictions": ["US"], "policy": { "newInRoleMonths": 61 } }""", "policy.newInRoleMonths: 61 is more than the maximum, 60")]
    [InlineData("""{ "id": "x", "orgTypes": ["clinic"], "jurisdictions": ["US"], "policy": { "newInRoleMonths": -1 } }""", "policy.newInRoleMonths: must be at least 0")]
    // null in a list or map: the serializer checks members for null, not the elements of a collection.
    // Roster titles match whatever their case and punctuation: two aliases that are one title must not map to two roles.
    [InlineData("""{ "id": "x", "orgTypes": ["clinic"], "jurisdictions": ["US"], "roleAliases": { "MEDITECH Expanse Analyst": "ehr-analyst", "Meditech expanse analyst": "integration-engineer" } }""",
        "roleAliases.Meditech expanse analyst: is the same title as 'MEDITECH Expanse Analyst' (case, spaces and punctuation are ignored), which maps to 'ehr-analyst', not 'integration-engineer': keep one")]
    [InlineData("""{ "id": "x", "orgTypes": ["clinic"], "jurisdictions": ["US"], "roleAliases": { " - ": "dba" } }""", "roleAliases. - : a title needs at least one letter or digit")]
    [InlineData("""{ "id": "x", "orgTypes": [null], "jurisdictions": ["US"] }""", "orgTypes[0]: expected a string, not null")]
    [InlineData("""{ "id": "x", "orgTypes": ["clinic"], "jurisdictions": ["US", null] }""", "jurisdictions[1]: expected a string, not null")]
    [InlineData("""{ "id": "x", "orgTypes": ["clinic"], "jurisdictions": ["US"], "roleAliases": { "X": null } }""", "roleAliases.X: expected a string, not null")]
    [InlineData("""{ "id": "x", "orgTypes": ["clinic"], "jurisdictions": ["US"], "attributes": { "hitrust": null } }""", "attributes.hitrust: expected true or false")]
    // A policy value of the wrong type says what type it needs (the members are optional: the message must not name the wrapper).
    [InlineData("""{ "id": "x", "orgTypes": ["clinic"], "jurisdictions": ["US"], "policy": { "trainingCadenceMonths": "12" } }""", "policy.trainingCadenceMonths: expected a whole number")]
    [InlineData("""{ "id": "x", "orgTypes": ["clinic"], "jurisdictions": ["US"], "policy": { "trainingCadenceMonths": 12.5 } }""", "policy.trainingCadenceMonths: expected a whole number")]
    [InlineData("""{ "id": "x", "orgTypes": ["clinic"], "jurisdictions": ["US"], "policy": { "certExpiringDays": "90" } }""", "policy.certExpiringDays: expected a whole number")]
    [InlineData("""{ "id": "x", "orgTypes": ["clinic"], "jurisdictions": ["US"], "policy": { "fragileProbability": "0.2" } }""", "policy.fragileProbability: expected a number")]
    [InlineData("""{ "id": "x", "orgTypes": ["clinic"], "jurisdictions": ["US"], "policy": { "attritionRates": { "employee": "high" } } }""", "policy.attritionRates.employee: expected a number")]
    public void Reader_Invalid(string json, string expected)
    {
        var result = ProfileReader.Read(Encoding.UTF8.GetBytes(json));
        Assert.False(result.Success);
        Assert.Contains(result.Errors, e => e.ToString().StartsWith(expected, StringComparison.Ordinal));
    }
}
