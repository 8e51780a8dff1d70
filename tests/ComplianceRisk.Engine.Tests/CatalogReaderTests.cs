using System.Text;
using System.Text.Json.Nodes;
using ComplianceRisk.Engine.Catalogs;

namespace ComplianceRisk.Engine.Tests;

public sealed class CatalogReaderTests
{
    /// <summary>The role ids and canonical titles the product promises (issue 2).</summary>
    public static TheoryData<string, string> ContractRoles => new()
    {
        { "security-official", "Information Security Officer" }, { "privacy-official", "Privacy Officer" },
        { "soc-analyst", "Security Operations Analyst" }, { "incident-response-lead", "Incident Response Lead" },
        { "iam-engineer", "Identity and Access Management Engineer" }, { "network-engineer", "Network Engineer" },
        { "cloud-engineer", "Cloud Platform Engineer" }, { "backup-dr-engineer", "Backup and Disaster Recovery Engineer" },
        { "ehr-analyst", "EHR Application Analyst" }, { "integration-engineer", "Integration Engineer" },
        { "interoperability-lead", "Interoperability Program Lead" }, { "clinical-informaticist", "Clinical Informaticist" },
        { "data-analyst", "Clinical Data Analyst" }, { "ai-governance-lead", "Clinical AI Governance Lead" },
        { "dba", "Database Administrator" }, { "medical-device-security", "Medical Device Security Engineer" },
        { "vendor-risk-manager", "Vendor Risk Manager" }, { "compliance-analyst", "Health IT Compliance Analyst" },
        { "service-desk", "Service Desk Analyst" },
    };

    [Theory]
    [MemberData(nameof(ContractRoles))]
    public void DefaultCatalog_HasContractRole(string id, string title) =>
        Assert.Equal(title, DefaultCatalog.Load().FindRole(id)?.Title);

    [Fact]
    public void DefaultCatalog_HasContractCompetenciesAndCertifications()
    {
        var catalog = DefaultCatalog.Load();
        string[] competencies = ["hipaa-security", "hipaa-privacy", "breach-response", "risk-analysis", "incident-response", "siem-detection",
            "vuln-management", "iam", "network-security", "cloud-security", "hitrust", "backup-recovery", "ehr-config", "hl7v2", "fhir",
            "info-blocking", "sql-analytics", "clinical-workflow", "clinical-terminology", "ai-governance", "device-security", "vendor-risk",
            "itsm-change", "communication", "deidentification", "secure-sdlc", "database-admin", "audit-logging", "security-awareness", "project-management"];
        Assert.Equal(competencies.Order(), catalog.Competencies.Select(c => c.Id).Order());
        foreach (var cert in new[] { "cissp", "cism", "hcispp", "cisa", "crisc", "cipp-us", "chps", "chpc", "ccsp", "az-500", "security-plus", "cysa-plus", "gcih",
                     "epic-certification", "hl7-fhir-proficiency", "hl7-v2-control-specialist", "cphims", "cahims", "itil-4", "chda", "clinical-informatics-board", "ccnp" })
            Assert.NotNull(catalog.FindCertification(cert));
        // HCISPP ⇒ hipaa-security ≥ 3 (DESIGN §3).
        Assert.Contains(catalog.FindCertification("hcispp")!.Evidences, e => e.Competency == "hipaa-security" && e.Level >= 3);
    }

    [Fact]
    public void DefaultCatalog_NeverMandatesACertification()
    {
        // No regulation found mandates a named certification for civilian health-IT roles (reference/obligations.md).
        Assert.DoesNotContain(DefaultCatalog.Load().Roles, r => r.CertificationPolicy.Mode == CertificationPolicyMode.RequiredByOrg);
    }

    [Fact]
    public void DefaultCatalog_DesignationDutiesNeedOneOfficial()
    {
        var catalog = DefaultCatalog.Load();
        var designations = catalog.Obligations.Where(o => o.Designation).Select(o => o.Id).ToList();
        Assert.Contains("hipaa-sec-164.308a2", designations);
        Assert.Contains("hipaa-priv-164.530a", designations);
        Assert.All(catalog.Obligations.Where(o => o.Designation), o => Assert.Equal(1, o.MinQualified));
        Assert.Equal(64, catalog.Sha256.Length);
    }

    /// <summary>Edits to the test catalog and the error each must produce (path: message).</summary>
    public static TheoryData<string, Action<JsonObject>, string> InvalidCatalogs => new()
    {
        { "unknown competency in a role", c => c["roles"]![0]!["requires"]![1]!["competency"] = "fhirr", "roles[0].requires[1].competency: unknown id 'fhirr'" },
        { "unknown certification", c => c["roles"]![0]!["certificationPolicy"]!["accepted"]![0] = "cisp", "roles[0].certificationPolicy.accepted[0]: unknown id 'cisp'" },
        { "tier out of range", c => c["roles"]![2]!["tier"] = 7, "roles[2].tier: 7 is outside 1-3" },
        { "level out of range", c => c["certifications"]![0]!["evidences"]![0]!["level"] = 5, "certifications[0].evidences[0].level: 5 is outside 1-4" },
        { "duplicate id", c => c["roles"]![1]!["id"] = "sec", "roles[1].id: duplicate id 'sec' (also roles[0])" },
        // A currency rule's id is unique within its role, as the schema says: the CURRENCY_LAPSED flag names it.
        { "currency rule twice in a role", c => c["roles"]![0]!["currency"]!.AsArray().Add(new JsonObject { ["id"] = "sec-exercise", ["evidence"] = "training", ["withinMonths"] = 6, ["description"] = "trained within 6 months" }),
            "roles[0].currency[1].id: duplicate id 'sec-exercise' (also roles[0].currency[0])" },
        { "currency rule id not an id", c => c["roles"]![0]!["currency"]![0]!["id"] = "Sec Exercise", "roles[0].currency[0].id: 'Sec Exercise' is not a valid id" },
        { "shared alias", c => c["roles"]![1]!["aliases"] = new JsonArray("Head of IT", "ciso"), "roles[1].aliases[1]: 'ciso' also names role 'sec' (as 'CISO': case, spaces and punctuation are ignored)" },
        // A clash is located where it is written, and says which name it matched when that is not letter for letter.
        { "role id that is another role's alias", c => c["roles"]![1]!["id"] = "ciso", "roles[1].id: 'ciso' also names role 'sec' (as 'CISO'" },
        { "role title that is another role's title", c => c["roles"]![1]!["title"] = "security-officer", "roles[1].title: 'security-officer' also names role 'sec' (as 'Security Officer'" },
        { "certification name that is another's id", c => c["certifications"]![1]!["name"] = "CISSP", "certifications[1].name: 'CISSP' also names certification 'cissp' (as 'cissp'" },
        { "shared spelling", c => c["certifications"]![1]!["spellings"] = new JsonArray("CCNP R&S", "C.I.S.S.P."), "certifications[1].spellings[1]: 'C.I.S.S.P.' also names certification 'cissp'" },
        { "unknown accountable role", c => c["obligations"]![0]!["accountableRoles"]![0] = "secc", "obligations[0].accountableRoles[0]: unknown id 'secc'" },
        { "unknown regime", c => c["obligations"]![1]!["regime"] = "hippa", "obligations[1].regime: unknown id 'hippa'" },
        { "designation with two", c => c["obligations"]![0]!["minQualified"] = 2, "obligations[0].minQualified: a designation duty is discharged by one named official: use 1" },
        { "unknown org type", c => c["obligations"]![4]!["appliesWhen"]!["orgTypes"]![1] = "hospitals", "obligations[4].appliesWhen.orgTypes[1]: unknown organization type 'hospitals'" },
        { "unknown attribute", c => c["obligations"]![1]!["appliesWhen"] = new JsonObject { ["attributes"] = new JsonObject { ["coveredEntities"] = true } }, "obligations[1].appliesWhen.attributes.coveredEntities: unknown attribute" },
        // An empty list in a condition holds for no organization: the obligation would silently never apply.
        { "empty org types", c => c["obligations"]![4]!["appliesWhen"]!["orgTypes"] = new JsonArray(), "obligations[4].appliesWhen.orgTypes: an empty list of organization types can never hold" },
        { "empty jurisdictions", c => c["obligations"]![1]!["appliesWhen"] = new JsonObject { ["jurisdictions"] = new JsonArray() }, "obligations[1].appliesWhen.jurisdictions: an empty list of jurisdictions can never hold" },
        { "empty anyOf", c => c["obligations"]![1]!["appliesWhen"] = new JsonObject { ["anyOf"] = new JsonArray() }, "obligations[1].appliesWhen.anyOf: an empty anyOf can never hold" },
        // A competency required twice has two levels: which one holds would be an accident.
        { "competency required twice by a role", c => c["roles"]![0]!["requires"]!.AsArray().Add(new JsonObject { ["competency"] = "security", ["level"] = 4, ["critical"] = true }),
            "roles[0].requires[2].competency: 'security' is already required by roles[0].requires[0]; give each competency once, at the level needed" },
        { "competency required twice by an obligation", c => c["obligations"]![0]!["requires"]!.AsArray().Add(new JsonObject { ["competency"] = "security", ["level"] = 2 }),
            "obligations[0].requires[1].competency: 'security' is already required by obligations[0].requires[0]" },
        { "compliance before effective", c => c["obligations"]![3]!["complianceDate"] = "2025-01-01", "obligations[3].complianceDate: 2025-01-01 is before the effective date 2026-01-01" },
        { "rate above one", c => c["method"]!["attrition"]!["rates"]!["msp"]!["annualRate"] = 1.5, "method.attrition.rates.msp.annualRate: 1.5 is outside 0-1" },
        { "missing required property", c => c["roles"]!.AsArray()[0]!.AsObject().Remove("tier"), "roles[0]: missing required properties: 'tier'" },
        { "unknown property", c => c["roles"]![0]!["teir"] = 1, "roles[0].teir: unknown property" },
        { "wrong type", c => c["roles"]![0]!["tier"] = "one", "roles[0].tier: expected a whole number" },
        // A member of a record read through its constructor: the message names the member's type, not the record's.
        { "wrong type in a record", c => c["roles"]![0]!["requires"]![0]!["level"] = "three", "roles[0].requires[0].level: expected a whole number" },
        { "wrong type in a list", c => c["roles"]![0]!["aliases"] = "CISO", "roles[0].aliases: expected a list" },
        // null where the schema wants a value: the member's kind, not the .NET property, parameter or type.
        { "null member", c => c["roles"]![0]!["title"] = null, "roles[0].title: expected a string, not null" },
        { "null member of a record", c => c["roles"]![0]!["requires"]![0]!["competency"] = null, "roles[0].requires[0].competency: expected a string, not null" },
        { "null object", c => c["method"]!["windows"] = null, "method.windows: expected an object, not null" },
        // null in a list or map: the serializer checks members for null, not the elements of a collection.
        { "null role", c => c["roles"]![0] = null, "roles[0]: expected an object, not null" },
        { "null competency", c => c["competencies"]![0] = null, "competencies[0]: expected an object, not null" },
        { "null certification", c => c["certifications"]![0] = null, "certifications[0]: expected an object, not null" },
        { "null obligation", c => c["obligations"]![0] = null, "obligations[0]: expected an object, not null" },
        { "null regime", c => c["regimes"]![0] = null, "regimes[0]: expected an object, not null" },
        { "null requirement", c => c["roles"]![0]!["requires"]![0] = null, "roles[0].requires[0]: expected an object, not null" },
        { "null alias", c => c["roles"]![0]!["aliases"]![0] = null, "roles[0].aliases[0]: expected a string, not null" },
        { "null spelling", c => c["certifications"]![0]!["spellings"]![0] = null, "certifications[0].spellings[0]: expected a string, not null" },
        { "null accepted certification", c => c["roles"]![0]!["certificationPolicy"]!["accepted"]![0] = null, "roles[0].certificationPolicy.accepted[0]: expected a string, not null" },
        { "null in an optional list", c => c["obligations"]![4]!["appliesWhen"]!["orgTypes"]![0] = null, "obligations[4].appliesWhen.orgTypes[0]: expected a string, not null" },
        { "null in a map", c => c["method"]!["attrition"]!["rates"]!["employee"] = null, "method.attrition.rates.employee: expected an object, not null" },
        { "null band", c => c["method"]!["scoring"]!["ratingBands"]![0] = null, "method.scoring.ratingBands[0]: expected an object, not null" },
        // Every window and period has a maximum: dates are reckoned from the as-of date with them.
        { "horizon past its maximum", c => c["method"]!["windows"]!["horizonMonths"] = 100000, "method.windows.horizonMonths: 100000 is more than the maximum, 60" },
        { "training cadence past its maximum", c => c["method"]!["windows"]!["trainingCadenceMonths"] = 61, "method.windows.trainingCadenceMonths: 61 is more than the maximum, 60" },
        { "expiry window past its maximum", c => c["method"]!["windows"]!["certExpiringDays"] = 731, "method.windows.certExpiringDays: 731 is more than the maximum, 730" },
        { "departure window past its maximum", c => c["method"]!["windows"]!["departurePendingDays"] = 731, "method.windows.departurePendingDays: 731 is more than the maximum, 730" },
        { "interim window past its maximum", c => c["method"]!["windows"]!["interimMaxDays"] = 2000000000, "method.windows.interimMaxDays: 2000000000 is more than the maximum, 730" },
        { "window below its minimum", c => c["method"]!["windows"]!["horizonMonths"] = 0, "method.windows.horizonMonths: must be at least 1" },
        { "new in role past its maximum", c => c["method"]!["attrition"]!["newInRoleMonths"] = 2000000000, "method.attrition.newInRoleMonths: 2000000000 is more than the maximum, 60" },
        { "new in role below zero", c => c["method"]!["attrition"]!["newInRoleMonths"] = -1, "method.attrition.newInRoleMonths: must be at least 0" },
        { "new in role multiplier below one", c => c["method"]!["attrition"]!["newInRoleMultiplier"] = 0.5, "method.attrition.newInRoleMultiplier: 0.5 is outside 1-10" },
        { "currency past its maximum", c => c["roles"]![0]!["currency"]![0]!["withinMonths"] = 2000000000, "roles[0].currency[0].withinMonths: 2000000000 is more than the maximum, 60" },
        { "response window past its maximum", c => c["method"]!["scoring"]!["ratingBands"]![3]!["responseDays"] = 2000000000, "method.scoring.ratingBands[3].responseDays: 2000000000 is more than the maximum, 730" },
        { "bad enum", c => c["roles"]![0]!["certificationPolicy"]!["mode"] = "mandatory", "roles[0].certificationPolicy.mode: 'mandatory' is not one of: none, evidence, required-by-org" },
    };

    [Theory]
    [MemberData(nameof(InvalidCatalogs))]
    public void InvalidCatalog_ErrorNamesThePath(string name, Action<JsonObject> edit, string expected)
    {
        var json = JsonNode.Parse(TestCatalog.Json)!.AsObject();
        edit(json);
        var result = CatalogReader.Read(Encoding.UTF8.GetBytes(json.ToJsonString()));
        Assert.False(result.Success, name);
        Assert.Contains(result.Errors, e => e.ToString().StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void OptionalMembersLeftOut_KeepTheirDefaults()
    {
        // Generated JSON metadata sets init-only members a document leaves out to default(T) (dotnet/runtime#84484):
        // a catalog without spellings, aliases, currency rules, unconfirmed notes or windows must still read as documented.
        var json = JsonNode.Parse(TestCatalog.Json)!.AsObject();
        json["method"]!["windows"] = new JsonObject();
        json["certifications"]![0]!.AsObject().Remove("spellings");
        json["roles"]![0]!.AsObject().Remove("aliases");
        json["roles"]![0]!.AsObject().Remove("currency");
        var catalog = CatalogReader.Read(Encoding.UTF8.GetBytes(json.ToJsonString())).GetValueOrThrow();
        Assert.Equal(new AssessmentWindows(CertExpiringDays: 90, DeparturePendingDays: 180, InterimMaxDays: 90, TrainingCadenceMonths: 12, HorizonMonths: 12),
            catalog.Method.Windows);
        Assert.Empty(catalog.Certifications[0].Spellings);
        Assert.Empty(catalog.Roles[0].Aliases);
        Assert.Empty(catalog.Roles[0].Currency);
        Assert.All(catalog.Obligations, o => Assert.False(o.Unconfirmed.IsDefault));
        Assert.Equal(64, catalog.Sha256.Length);
    }

    [Fact]
    public void WindowsAtTheirMaxima_AreReadAndAssessed()
    {
        // The largest values allowed must leave every date the assessment reckons on the calendar.
        var json = JsonNode.Parse(TestCatalog.Json)!.AsObject();
        foreach (var (name, max) in AssessmentWindows.Maxima) json["method"]!["windows"]![name] = max;
        json["method"]!["attrition"]!["newInRoleMonths"] = AttritionModel.MaxNewInRoleMonths;
        json["roles"]![0]!["currency"]![0]!["withinMonths"] = CurrencyRule.MaxWithinMonths;
        foreach (var band in json["method"]!["scoring"]!["ratingBands"]!.AsArray()) band!["responseDays"] = RatingBand.MaxResponseDays;
        var catalog = CatalogReader.Read(Encoding.UTF8.GetBytes(json.ToJsonString())).GetValueOrThrow();
        var assessment = new Scenario { Catalog = catalog }.Add("A", "sec", Scenario.Skills(("security", 3))).Add("B", "net").Assess();
        Assert.NotEmpty(assessment.Risks);
    }

    [Fact]
    public void InvalidCatalog_ReportsEveryErrorNotOnlyTheFirst()
    {
        var json = JsonNode.Parse(TestCatalog.Json)!.AsObject();
        json["roles"]![0]!["tier"] = 9;
        json["roles"]![1]!["requires"]![0]!["competency"] = "nope";
        var errors = CatalogReader.Read(Encoding.UTF8.GetBytes(json.ToJsonString())).Errors;
        Assert.Equal(2, errors.Length);
    }

    /// <summary>
    /// Faults of every kind in one catalog, and every error each catalog must list (in any order): what does not fit the
    /// schema hides neither the other such faults nor the checks of ids, references and ranges.
    /// </summary>
    public static TheoryData<string, Action<JsonObject>, string[]> SeveralFaults => new()
    {
        {
            "an unknown property", c =>
            {
                c["roles"]![0]!["teir"] = 1;
                c["roles"]![2]!["tier"] = 9;
                c["roles"]![1]!["requires"]![0]!["competency"] = "nope";
            },
            ["roles[0].teir: unknown property (check its spelling against the schema)", "roles[2].tier: 9 is outside 1-3", "roles[1].requires[0].competency: unknown id 'nope'"]
        },
        {
            "a value of the wrong kind", c =>
            {
                c["obligations"]![0]!["severity"] = "high";
                c["roles"]![2]!["tier"] = 9;
                c["roles"]![1]!["requires"]![0]!["competency"] = "nope";
            },
            ["obligations[0].severity: expected a whole number", "roles[2].tier: 9 is outside 1-3", "roles[1].requires[0].competency: unknown id 'nope'"]
        },
        {
            // What stands in for a wrong or missing value is never reported itself (a tier of "one" is not also out of range).
            "wrong kinds, a bad enum and a missing member", c =>
            {
                c["roles"]![0]!["tier"] = "one";
                c["roles"]![0]!["aliases"] = "CISO";
                c["obligations"]![1]!["severity"] = null;
                c["roles"]![0]!["certificationPolicy"]!["mode"] = "mandatory";
                c["roles"]![1]!.AsObject().Remove("title");
                c["roles"]![1]!["teir"] = 2;
            },
            [
                "roles[0].tier: expected a whole number", "roles[0].aliases: expected a list",
                "roles[0].certificationPolicy.mode: 'mandatory' is not one of: none, evidence, required-by-org",
                "roles[1].teir: unknown property (check its spelling against the schema)", "roles[1]: missing required properties: 'title'",
                "obligations[1].severity: expected a whole number, not null",
            ]
        },
        {
            // A part of the wrong kind that nothing can stand in for: the rest of the checks wait, and the list says so.
            "an object of the wrong kind", c =>
            {
                c["method"] = 5;
                c["roles"]![0]!["teir"] = 1;
                c["roles"]![2]!["tier"] = 9;
            },
            ["method: expected an object", "roles[0].teir: unknown property (check its spelling against the schema)", "ids, references and values are checked once the errors above are fixed"]
        },
    };

    [Theory]
    [MemberData(nameof(SeveralFaults))]
    public void InvalidCatalog_ListsEveryFault_WhateverItsKind(string name, Action<JsonObject> edit, string[] expected)
    {
        var json = JsonNode.Parse(TestCatalog.Json)!.AsObject();
        edit(json);
        var result = CatalogReader.Read(Encoding.UTF8.GetBytes(json.ToJsonString()));
        Assert.False(result.Success, name);
        Assert.Equal(expected.Order(StringComparer.Ordinal), result.Errors.Select(e => e.ToString()).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("", "")]
    [InlineData("null", "the document is empty (null)")]
    [InlineData("{\"id\": ", "")]
    public void NotACatalog_IsAnError(string text, string message)
    {
        var result = CatalogReader.Read(Encoding.UTF8.GetBytes(text));
        Assert.False(result.Success);
        if (message.Length > 0) Assert.Equal(message, result.Errors.Single().Message);
    }
}
