using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ComplianceRisk.Engine.Organizations;
using ComplianceRisk.Engine.Reports;
using ComplianceRisk.Engine.Risks;

namespace ComplianceRisk.Cli.Tests;

/// <summary>
/// The published JSON Schemas (schemas/*.schema.json) checked against real documents by an independent,
/// well-kept validator: Ajv (draft 2020-12, strict) run by node through tools/schema-check/validate.mjs.
/// Needs node on PATH and <c>npm ci --prefix tools/schema-check</c> (CI runs it); without them these
/// tests fail, they never pass or skip silently.
/// </summary>
public sealed class SchemaTests(SchemaTests.Outputs outputs) : IClassFixture<SchemaTests.Outputs>
{
    private const string AsOf = "2026-11-22";

    [Fact]
    public async Task Default_catalog_is_valid_against_the_catalog_schema()
    {
        var result = await Validator.RunAsync("catalog.schema.json", Path.Combine(Validator.Root, "src", "ComplianceRisk.Engine", "Catalogs", "default-catalog.json"));
        result.AssertValid();
    }

    [Fact]
    public async Task Catalog_with_an_impossible_tier_is_rejected()
    {
        var catalog = JsonNode.Parse(File.ReadAllText(Path.Combine(Validator.Root, "src", "ComplianceRisk.Engine", "Catalogs", "default-catalog.json")))!;
        catalog["roles"]![0]!["tier"] = 7;
        var result = await Validator.RunAsync("catalog.schema.json", outputs.Write("catalog-tier-7.json", catalog));
        result.AssertRejected("/roles/0/tier");
    }

    /// <summary>Each window and period of the catalog one past its maximum: the schema and the reader refuse it alike.</summary>
    [Theory]
    [InlineData("/method/windows/certExpiringDays", 731)]
    [InlineData("/method/windows/departurePendingDays", 731)]
    [InlineData("/method/windows/interimMaxDays", 731)]
    [InlineData("/method/windows/trainingCadenceMonths", 61)]
    [InlineData("/method/windows/horizonMonths", 61)]
    [InlineData("/method/attrition/newInRoleMonths", 61)]
    [InlineData("/roles/0/currency/0/withinMonths", 61)]
    [InlineData("/method/scoring/ratingBands/3/responseDays", 731)]
    public async Task Catalog_with_a_window_past_its_maximum_is_rejected_by_the_schema_and_the_reader(string pointer, int value)
    {
        var catalog = JsonNode.Parse(File.ReadAllText(Path.Combine(Validator.Root, "src", "ComplianceRisk.Engine", "Catalogs", "default-catalog.json")))!;
        var steps = pointer.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var parent = steps[..^1].Aggregate(catalog, (node, step) => int.TryParse(step, out var index) ? node[index]! : node[step]!);
        parent[steps[^1]] = value;
        var read = Engine.Catalogs.CatalogReader.Read(Encoding.UTF8.GetBytes(catalog.ToJsonString()));
        var path = string.Concat(steps.Select((step, i) => int.TryParse(step, out _) ? $"[{step}]" : i == 0 ? step : "." + step));
        Assert.Contains(read.Errors, e => e.Path == path);
        var result = await Validator.RunAsync("catalog.schema.json", outputs.Write($"catalog-{steps[^1]}-past-maximum.json", catalog));
        result.AssertRejected(pointer);
    }

    [Fact]
    public async Task Sample_profiles_are_valid_against_the_profile_schema()
    {
        var samples = Path.Combine(Validator.Root, "samples");
        var profiles = Directory.Exists(samples)
            ? Directory.GetDirectories(samples).Select(d => Path.Combine(d, "profile.json")).Where(File.Exists).Order(StringComparer.Ordinal).ToArray()
            : [];
        Assert.True(profiles.Length > 0, $"expected at least one samples/*/profile.json under {samples}");
        var result = await Validator.RunAsync("profile.schema.json", profiles);
        result.AssertValid();
    }

    [Fact]
    public async Task A_profile_using_every_property_is_accepted_by_the_schema_and_the_reader()
    {
        const string json = """
            {
              "$schema": "../../schemas/profile.schema.json",
              "id": "every-property",
              "name": "Every Property Health",
              "orgTypes": ["hospital", "payer", "health-it-developer"],
              "jurisdictions": ["US-NY", "EU"],
              "attributes": { "coveredEntity": true, "impactedPayer": true, "part2Program": false, "certifiedHealthIt": true, "acceptsPaymentCards": true, "hitrust": false },
              "policy": {
                "trainingCadenceMonths": 12,
                "certExpiringDays": 60,
                "departurePendingDays": 45,
                "interimMaxDays": 120,
                "fragileProbability": 0.25,
                "newInRoleMultiplier": 2,
                "newInRoleMonths": 6,
                "attritionRates": { "employee": 0.1, "contractor": 0.3, "vendor": 0.35, "msp": 0.4 },
                "dateOrder": "day-first"
              },
              "roleAliases": { "Head of IT Security": "security-official" }
            }
            """;
        var read = ProfileReader.Read(Encoding.UTF8.GetBytes(json));
        Assert.True(read.Success, string.Join("; ", read.Errors));
        var result = await Validator.RunAsync("profile.schema.json", outputs.Write("profile-every-property.json", JsonNode.Parse(json)!));
        result.AssertValid();
    }

    [Fact]
    public async Task Profiles_the_reader_refuses_are_rejected_by_the_schema()
    {
        var bad = new (string Name, string Json, string Where)[]
        {
            ("unknown-attribute", """{ "id": "x", "orgTypes": ["clinic"], "jurisdictions": ["US"], "attributes": { "isHospital": true } }""", "/attributes"),
            ("unknown-org-type", """{ "id": "x", "orgTypes": ["bakery"], "jurisdictions": ["US"] }""", "/orgTypes/0"),
            ("rate-above-one", """{ "id": "x", "orgTypes": ["clinic"], "jurisdictions": ["US"], "policy": { "attritionRates": { "msp": 1.5 } } }""", "/policy/attritionRates/msp"),
            ("no-jurisdiction", """{ "id": "x", "orgTypes": ["clinic"], "jurisdictions": [] }""", "/jurisdictions"),
            ("cadence-past-maximum", """{ "id": "x", "orgTypes": ["clinic"], "jurisdictions": ["US"], "policy": { "trainingCadenceMonths": 61 } }""", "/policy/trainingCadenceMonths"),
            ("expiry-past-maximum", """{ "id": "x", "orgTypes": ["clinic"], "jurisdictions": ["US"], "policy": { "certExpiringDays": 731 } }""", "/policy/certExpiringDays"),
            ("departure-past-maximum", """{ "id": "x", "orgTypes": ["clinic"], "jurisdictions": ["US"], "policy": { "departurePendingDays": 731 } }""", "/policy/departurePendingDays"),
            ("interim-past-maximum", """{ "id": "x", "orgTypes": ["clinic"], "jurisdictions": ["US"], "policy": { "interimMaxDays": 731 } }""", "/policy/interimMaxDays"),
            ("new-in-role-below-one", """{ "id": "x", "orgTypes": ["clinic"], "jurisdictions": ["US"], "policy": { "newInRoleMultiplier": 0.5 } }""", "/policy/newInRoleMultiplier"),
            ("new-in-role-past-maximum", """{ "id": "x", "orgTypes": ["clinic"], "jurisdictions": ["US"], "policy": { "newInRoleMonths": 61 } }""", "/policy/newInRoleMonths"),
        };
        foreach (var (name, json, where) in bad)
        {
            Assert.False(ProfileReader.Read(Encoding.UTF8.GetBytes(json)).Success, $"{name}: the reader should refuse it");
            var result = await Validator.RunAsync("profile.schema.json", outputs.Write($"profile-{name}.json", JsonNode.Parse(json)!));
            result.AssertRejected(where);
        }
    }

    [Fact]
    public async Task Subscriptions_the_reader_accepts_are_accepted_by_the_schema()
    {
        var good = new (string Name, string Json)[]
        {
            ("weekly", """{ "$schema": "../schemas/subscription.schema.json", "cadence": "weekly", "day": "monday", "hour": 8, "timeZone": "America/New_York", "recipients": ["cio@example.org"], "paused": false }"""),
            ("monthly", """{ "cadence": "monthly", "day": 31, "hour": 0, "timeZone": "Pacific/Chatham", "recipients": ["cio@example.org", "ciso@example.org"], "paused": true }"""),
            ("daily", """{ "cadence": "daily", "hour": 23, "timeZone": "UTC", "recipients": ["board.secretary@example.org"] }"""),
            // IANA ids of one part: the schema refused them while the reader accepted them.
            ("gmt", """{ "cadence": "daily", "hour": 8, "timeZone": "GMT", "recipients": ["cio@example.org"] }"""),
            ("est5edt", """{ "cadence": "daily", "hour": 8, "timeZone": "EST5EDT", "recipients": ["cio@example.org"] }"""),
            // A weekday in any letter case, a whole number with a fraction of zero: the reader refused them.
            ("weekday-capitalized", """{ "cadence": "weekly", "day": "Monday", "hour": 8.0, "timeZone": "America/New_York", "recipients": ["cio@example.org"] }"""),
            ("weekday-upper-case", """{ "cadence": "Weekly", "day": "WEDNESDAY", "hour": 8, "timeZone": "America/New_York", "recipients": ["cio@example.org"] }"""),
            ("day-of-month-fraction-zero", """{ "cadence": "Monthly", "day": 15.0, "hour": 8, "timeZone": "UTC", "recipients": ["cio@example.org"] }"""),
        };
        foreach (var (name, json) in good)
        {
            var read = SubscriptionReader.Read(Encoding.UTF8.GetBytes(json));
            Assert.True(read.Success, $"{name}: {string.Join("; ", read.Errors)}");
            var result = await Validator.RunAsync("subscription.schema.json", outputs.Write($"subscription-{name}.json", JsonNode.Parse(json)!));
            result.AssertValid();
        }
    }

    [Fact]
    public async Task Subscriptions_the_reader_refuses_are_rejected_by_the_schema()
    {
        var bad = new (string Name, string Json, string Where)[]
        {
            ("daily-with-day", """{ "cadence": "daily", "day": "monday", "hour": 8, "timeZone": "UTC", "recipients": ["cio@example.org"] }""", "(root)"),
            ("weekly-without-day", """{ "cadence": "weekly", "hour": 8, "timeZone": "UTC", "recipients": ["cio@example.org"] }""", "(root)"),
            ("weekly-day-number", """{ "cadence": "weekly", "day": 1, "hour": 8, "timeZone": "UTC", "recipients": ["cio@example.org"] }""", "/day"),
            ("monthly-day-text", """{ "cadence": "monthly", "day": "15", "hour": 8, "timeZone": "UTC", "recipients": ["cio@example.org"] }""", "/day"),
            ("monthly-day-32", """{ "cadence": "monthly", "day": 32, "hour": 8, "timeZone": "UTC", "recipients": ["cio@example.org"] }""", "/day"),
            ("hour-24", """{ "cadence": "daily", "hour": 24, "timeZone": "UTC", "recipients": ["cio@example.org"] }""", "/hour"),
            ("hour-fraction", """{ "cadence": "daily", "hour": 8.5, "timeZone": "UTC", "recipients": ["cio@example.org"] }""", "/hour"),
            ("hour-text", """{ "cadence": "daily", "hour": "8", "timeZone": "UTC", "recipients": ["cio@example.org"] }""", "/hour"),
            ("cadence-unknown", """{ "cadence": "Fortnightly", "hour": 8, "timeZone": "UTC", "recipients": ["cio@example.org"] }""", "/cadence"),
            ("daily-capitalized-with-day", """{ "cadence": "Daily", "day": "monday", "hour": 8, "timeZone": "UTC", "recipients": ["cio@example.org"] }""", "(root)"),
            ("monthly-capitalized-day-text", """{ "cadence": "MONTHLY", "day": "monday", "hour": 8, "timeZone": "UTC", "recipients": ["cio@example.org"] }""", "/day"),
            ("weekday-abbreviated", """{ "cadence": "weekly", "day": "Mon", "hour": 8, "timeZone": "UTC", "recipients": ["cio@example.org"] }""", "/day"),
            ("monthly-day-fraction", """{ "cadence": "monthly", "day": 15.5, "hour": 8, "timeZone": "UTC", "recipients": ["cio@example.org"] }""", "/day"),
            ("windows-zone", """{ "cadence": "daily", "hour": 8, "timeZone": "Eastern Standard Time", "recipients": ["cio@example.org"] }""", "/timeZone"),
            ("no-recipients", """{ "cadence": "daily", "hour": 8, "timeZone": "UTC", "recipients": [] }""", "/recipients"),
            ("display-name", """{ "cadence": "daily", "hour": 8, "timeZone": "UTC", "recipients": ["CIO <cio@example.org>"] }""", "/recipients/0"),
            ("twice", """{ "cadence": "daily", "hour": 8, "timeZone": "UTC", "recipients": ["cio@example.org", "cio@example.org"] }""", "/recipients"),
            ("unknown-property", """{ "cadence": "daily", "hour": 8, "timeZone": "UTC", "recipients": ["cio@example.org"], "cc": [] }""", "(root)"),
        };
        foreach (var (name, json, where) in bad)
        {
            Assert.False(SubscriptionReader.Read(Encoding.UTF8.GetBytes(json)).Success, $"{name}: the reader should refuse it");
            var result = await Validator.RunAsync("subscription.schema.json", outputs.Write($"subscription-{name}.json", JsonNode.Parse(json)!));
            result.AssertRejected(where);
        }
    }

    [Fact]
    public async Task Assessment_of_a_generated_roster_is_valid()
    {
        var result = await Validator.RunAsync("assessment.schema.json", outputs.Baseline);
        result.AssertValid();
    }

    [Fact]
    public async Task What_if_assessment_is_valid()
    {
        var whatIf = JsonNode.Parse(File.ReadAllText(outputs.WhatIf))!;
        Assert.Equal([.. outputs.WithoutIds.Order(StringComparer.Ordinal)], whatIf["options"]!["without"]!.AsArray().Select(n => n!.GetValue<string>()).ToArray());
        var result = await Validator.RunAsync("assessment.schema.json", outputs.WhatIf);
        result.AssertValid();
    }

    [Fact]
    public async Task Assessment_with_upcoming_obligations_is_valid()
    {
        var upcoming = JsonNode.Parse(File.ReadAllText(outputs.Upcoming))!;
        Assert.Contains(upcoming["obligations"]!.AsArray(), o => o!["status"]!.GetValue<string>() == "UPCOMING");
        var result = await Validator.RunAsync("assessment.schema.json", outputs.Upcoming);
        result.AssertValid();
    }

    [Fact]
    public async Task Assessment_with_an_unknown_flag_code_is_rejected()
    {
        var doc = JsonNode.Parse(File.ReadAllText(outputs.Baseline))!;
        var roles = doc["roles"]!.AsArray();
        var index = roles.Select((r, i) => (r, i)).First(x => x.r!["flags"]!.AsArray().Count > 0).i;
        roles[index]!["flags"]![0]!["code"] = "NOT_A_FLAG";
        var result = await Validator.RunAsync("assessment.schema.json", outputs.Write("assessment-bad-flag.json", doc));
        result.AssertRejected($"/roles/{index}/flags/0/code");
    }

    [Fact]
    public async Task Assessment_with_a_non_iso_date_is_rejected()
    {
        var doc = JsonNode.Parse(File.ReadAllText(outputs.Baseline))!;
        doc["asOf"] = "22/11/2026";
        var result = await Validator.RunAsync("assessment.schema.json", outputs.Write("assessment-bad-date.json", doc));
        result.AssertRejected("/asOf");
    }

    [Fact]
    public async Task Assessment_with_an_unknown_property_is_rejected()
    {
        var doc = JsonNode.Parse(File.ReadAllText(outputs.Baseline))!;
        doc["unexpectedProperty"] = true;
        var result = await Validator.RunAsync("assessment.schema.json", outputs.Write("assessment-extra-property.json", doc));
        result.AssertRejected("unexpectedProperty");
    }

    /// <summary>A warning about one person carries their id; an assessment written before warnings did is still valid.</summary>
    [Fact]
    public async Task Assessment_warnings_name_their_person_and_one_written_without_personId_is_valid()
    {
        var doc = JsonNode.Parse(File.ReadAllText(outputs.Realistic))!;
        var warnings = doc["warnings"]!.AsArray();
        var departed = warnings.Select((w, i) => (w, i)).Single(x => x.w!["code"]!.GetValue<string>() == "DEPARTED").i;
        Assert.Equal("E1003", warnings[departed]!["personId"]?.GetValue<string>());
        Assert.DoesNotContain(warnings, w => w!["code"]!.GetValue<string>() == "UNKNOWN_COLUMN" && w["personId"] is not null);

        foreach (var warning in warnings) warning!.AsObject().Remove("personId");
        var before = await Validator.RunAsync("assessment.schema.json", outputs.Write("assessment-without-person-ids.json", doc));
        before.AssertValid();

        warnings[departed]!["personId"] = "";
        var empty = await Validator.RunAsync("assessment.schema.json", outputs.Write("assessment-empty-person-id.json", doc));
        empty.AssertRejected($"/warnings/{departed}/personId");
    }

    [Fact]
    public async Task Assessment_of_the_realistic_fixture_is_valid()
    {
        var doc = JsonNode.Parse(File.ReadAllText(outputs.Realistic))!;
        Assert.NotEmpty(doc["risks"]!.AsArray());
        Assert.Contains(doc["obligations"]!.AsArray(), o => o!["lossEvents"]!.AsArray().Any(e => e!["certain"]!.AsArray().Count > 0));
        var result = await Validator.RunAsync("assessment.schema.json", outputs.Realistic);
        result.AssertValid();
    }

    [Fact]
    public async Task Assessment_with_treatments_is_valid_and_so_is_the_treatments_file()
    {
        var doc = JsonNode.Parse(File.ReadAllText(outputs.Treated))!;
        var risks = doc["risks"]!.AsArray();
        var inProgress = risks.Single(r => r!["riskId"]!.GetValue<string>() == "ROLE:security-official")!;
        Assert.Equal(("In progress", "CIO", "recruiting", 25000m),
            (inProgress["status"]!.GetValue<string>(), inProgress["owner"]!.GetValue<string>(), inProgress["treatment"]!["note"]!.GetValue<string>(),
             inProgress["treatment"]!["responseCost"]!.GetValue<decimal>()));
        // The acceptance lapsed before the as-of date, so the risk is open again and says so.
        var lapsed = risks.Single(r => r!["riskId"]!.GetValue<string>() == "OBL:hipaa-sec-164.308a2")!;
        Assert.Equal(("Open", "Mitigate", true),
            (lapsed["status"]!.GetValue<string>(), lapsed["responseType"]!.GetValue<string>(), lapsed["treatment"]!["reopened"]!.GetValue<bool>()));

        var result = await Validator.RunAsync("assessment.schema.json", outputs.Treated);
        result.AssertValid();
        Assert.True(TreatmentBook.Read(File.ReadAllBytes(outputs.Treatments)).Success, "the reader should accept the treatments file");
        var treatments = await Validator.RunAsync("treatments.schema.json", outputs.Treatments);
        treatments.AssertValid();
    }

    [Fact]
    public async Task Assessment_with_a_lower_case_rating_is_rejected()
    {
        var doc = JsonNode.Parse(File.ReadAllText(outputs.Baseline))!;
        doc["risks"]![0]!["rating"] = "critical";
        var result = await Validator.RunAsync("assessment.schema.json", outputs.Write("assessment-lower-case-rating.json", doc));
        result.AssertRejected("/risks/0/rating");
    }

    [Fact]
    public async Task Assessment_with_a_space_in_a_risk_id_is_rejected()
    {
        var doc = JsonNode.Parse(File.ReadAllText(outputs.Baseline))!;
        var id = doc["risks"]![0]!["riskId"]!.GetValue<string>();
        doc["risks"]![0]!["riskId"] = id[..^1] + " " + id[^1..];
        var result = await Validator.RunAsync("assessment.schema.json", outputs.Write("assessment-risk-id-space.json", doc));
        result.AssertRejected("/risks/0/riskId");
    }

    [Fact]
    public async Task Assessment_with_a_risk_without_actions_is_rejected()
    {
        var doc = JsonNode.Parse(File.ReadAllText(outputs.Baseline))!;
        Assert.True(doc["risks"]![0]!.AsObject().Remove("actions"));
        var result = await Validator.RunAsync("assessment.schema.json", outputs.Write("assessment-risk-no-actions.json", doc));
        result.AssertRejected("/risks/0 must have required property 'actions'");
    }

    [Fact]
    public async Task Treatments_accepting_a_risk_without_an_approver_are_rejected_by_the_schema_and_the_reader()
    {
        const string json = """{ "OBL:hipaa-sec-164.308a2": { "status": "Accepted", "acceptedUntil": "2027-01-31" } }""";
        Assert.False(TreatmentBook.Read(Encoding.UTF8.GetBytes(json)).Success, "the reader should refuse an acceptance without an approver");
        var result = await Validator.RunAsync("treatments.schema.json", outputs.Write("treatments-no-approver.json", JsonNode.Parse(json)!));
        result.AssertRejected("/OBL:hipaa-sec-164.308a2 must have required property 'approver'");
    }

    [Fact]
    public async Task Nist8286_registers_written_by_register_and_assess_are_valid()
    {
        var fromRegister = JsonNode.Parse(File.ReadAllText(outputs.Nist8286FromRegister))!;
        var treated = fromRegister["risks"]!.AsArray().Single(r => r!["riskId"]!.GetValue<string>() == "ROLE:security-official")!;
        Assert.Equal(("CIO", "In progress"), (treated["riskOwnerPointOfContact"]!.GetValue<string>(), treated["status"]!.GetValue<string>()));
        var fromAssess = JsonNode.Parse(File.ReadAllText(outputs.Nist8286FromAssess))!;
        Assert.NotEmpty(fromAssess["risks"]!.AsArray());
        var result = await Validator.RunAsync("nist-8286-risk-register.schema.json", outputs.Nist8286FromRegister, outputs.Nist8286FromAssess);
        result.AssertValid();
    }

    /// <summary>NIST's own risk register schema (tests/fixtures/nist-8286r1), which describes one record.</summary>
    private static readonly string NistSchema = Path.Combine(Validator.Root, "tests", "fixtures", "nist-8286r1", "risk_register.v2.schema.json");

    [Fact]
    public async Task Nist8286_records_with_a_recorded_cost_are_valid_against_nists_own_schema()
    {
        Assert.True(outputs.Nist8286CostedRecords.Length > 5);
        var first = JsonNode.Parse(File.ReadAllText(outputs.Nist8286CostedRecords[0]))!;
        Assert.Equal(1500m, first["riskResponseCost"]!.GetValue<decimal>());
        var result = await Validator.RunAsync(NistSchema, outputs.Nist8286CostedRecords);
        result.AssertValid();

        // Without a recorded cost the record says so with null, which NIST's schema refuses in that one field.
        var uncosted = JsonNode.Parse(File.ReadAllText(outputs.Nist8286FromAssess))!["risks"]!.AsArray()
            .First(r => r!["riskResponseCost"] is null)!.DeepClone();
        var refused = await Validator.RunAsync(NistSchema, outputs.Write("record-8286-uncosted.json", uncosted));
        refused.AssertRejected("/riskResponseCost must be number");
        Assert.Single(refused.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Nist8286_records_that_break_the_nist_types_are_rejected()
    {
        var bad = new (string Name, string Field, JsonNode? Value)[]
        {
            ("response-not-array", "riskResponseType", JsonValue.Create("Mitigate")),
            ("opportunity-response", "riskResponseType", new JsonArray("Enhance")),
            ("likelihood-as-text", "riskLikelihood", JsonValue.Create("5")),
            ("exposure-above-25", "exposureRating", JsonValue.Create(30)),
            ("cost-below-zero", "riskResponseCost", JsonValue.Create(-1)),
            ("cost-as-text", "riskResponseCost", JsonValue.Create("5000")),
        };
        foreach (var (name, field, value) in bad)
        {
            var doc = JsonNode.Parse(File.ReadAllText(outputs.Nist8286FromAssess))!;
            doc["risks"]![0]![field] = value;
            var result = await Validator.RunAsync("nist-8286-risk-register.schema.json", outputs.Write($"nist-8286-{name}.json", doc));
            result.AssertRejected($"/risks/0/{field}");
        }
    }

    /// <summary>Real assessment documents, produced once per test class by running the CLI in process.</summary>
    public sealed class Outputs : IAsyncLifetime
    {
        private readonly string dir = TestTemp.Folder("compliancerisk-schema-");

        public string Baseline { get; private set; } = "";
        public string WhatIf { get; private set; } = "";
        public string Upcoming { get; private set; } = "";
        /// <summary>The hand-checked fixture of tests/fixtures/realistic-roster, as a Texas hospital.</summary>
        public string Realistic { get; private set; } = "";
        /// <summary>The fixture assessed with <see cref="Treatments"/>: one risk in progress, one lapsed acceptance.</summary>
        public string Treated { get; private set; } = "";
        public string Treatments { get; private set; } = "";
        /// <summary>The treated fixture's register as NIST IR 8286 JSON: from <c>register</c> (pseudonymized), and from <c>assess</c> on standard output.</summary>
        public string Nist8286FromRegister { get; private set; } = "";
        public string Nist8286FromAssess { get; private set; } = "";
        /// <summary>Each record of the realistic fixture's register with a cost recorded for every risk, one file per record.</summary>
        public string[] Nist8286CostedRecords { get; private set; } = [];
        public string[] WithoutIds { get; private set; } = [];

        public async ValueTask InitializeAsync()
        {
            var roster = Path.Combine(dir, "roster.csv");
            await Cli(["generate", "--rows", "500", "--seed", "11", "--as-of", AsOf, "--out", roster]);

            // Two people from the roster's employee_id column, to assess as if they had left.
            var lines = File.ReadAllLines(roster);
            var column = Array.IndexOf(lines[0].Split(','), "employee_id");
            Assert.True(column >= 0, $"no employee_id column in the generated roster: {lines[0]}");
            WithoutIds = [.. lines.Skip(1).Select(l => l.Split(',')[column]).Where(id => id.Length > 0).Distinct().Take(2)];
            Assert.Equal(2, WithoutIds.Length);

            Baseline = Save("assessment.json", await Cli(["assess", roster, "--as-of", AsOf, "--format", "json"]));
            WhatIf = Save("assessment-what-if.json", await Cli(["assess", roster, "--as-of", AsOf, "--format", "json", "--without", string.Join(",", WithoutIds)]));
            // Before several compliance dates, for a broad organization: UPCOMING obligations with statusWhenInForce.
            Upcoming = Save("assessment-upcoming.json", await Cli(["assess", roster, "--as-of", "2024-01-10", "--format", "json",
                "--org-type", "hospital,payer,health-it-developer", "--jurisdiction", "US-NY,US-TX,US-CA,EU,UK",
                "--attribute", "impactedPayer=true", "--attribute", "part2Program=true", "--attribute", "hitrust=true", "--org-name", "Broad Health"]));

            var fixture = Path.Combine(Validator.Root, "tests", "fixtures", "realistic-roster", "roster.csv");
            string[] hospital = ["assess", fixture, "--org-type", "hospital", "--jurisdiction", "US-TX", "--as-of", AsOf, "--format", "json"];
            Realistic = Save("assessment-realistic.json", await Cli(hospital));
            // The acceptance ended before the as-of date: it has lapsed, which reopens the risk.
            Treatments = Save("treatments.json", """
                {
                  "ROLE:security-official": { "status": "In progress", "owner": "CIO", "note": "recruiting", "responseCost": 25000 },
                  "OBL:hipaa-sec-164.308a2": { "status": "Accepted", "approver": "Board", "acceptedUntil": "2026-01-31" }
                }
                """);
            Treated = Save("assessment-treated.json", await Cli([.. hospital, "--treatments", Treatments]));
            Nist8286FromRegister = Path.Combine(dir, "register-8286.json");
            await Cli(["register", Realistic, "--treatments", Treatments, "--pseudonymize", "--format", "nist-8286-json", "--out", Nist8286FromRegister]);
            Nist8286FromAssess = Save("assess-8286.json", await Cli([.. hospital[..^2], "--format", "nist-8286-json", "--treatments", Treatments]));

            // A cost recorded for every risk, as an organization would before loading the register into a risk tool.
            var costs = new JsonObject();
            foreach (var (risk, i) in JsonNode.Parse(File.ReadAllText(Realistic))!["risks"]!.AsArray().Select((r, i) => (r!, i)))
                costs[risk["riskId"]!.GetValue<string>()] = new JsonObject { ["responseCost"] = 1500 * (i + 1) };
            var costed = Path.Combine(dir, "register-8286-costed.json");
            await Cli(["register", Realistic, "--treatments", Write("treatments-costed.json", costs), "--format", "nist-8286-json", "--out", costed]);
            Nist8286CostedRecords = [.. JsonNode.Parse(File.ReadAllText(costed))!["risks"]!.AsArray().Select((r, i) => Write($"record-8286-costed-{i}.json", r!.DeepClone()))];
        }

        public ValueTask DisposeAsync()
        {
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            return ValueTask.CompletedTask;
        }

        public string Write(string name, JsonNode document) =>
            Save(name, document.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));

        private string Save(string name, string text)
        {
            var path = Path.Combine(dir, name);
            File.WriteAllText(path, text, new UTF8Encoding(false));
            return path;
        }

        private static async Task<string> Cli(string[] args)
        {
            using var stdout = new StringWriter();
            using var stderr = new StringWriter();
            var exit = await new CliApp(stdout, stderr, TimeProvider.System).RunAsync(args);
            Assert.True(exit == 0, $"complianceRisk {string.Join(' ', args)} exited {exit}: {stderr}");
            return stdout.ToString();
        }
    }

    /// <summary>Runs <c>node tools/schema-check/validate.mjs</c>.</summary>
    private static class Validator
    {
        private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

        public static string Root { get; } = FindRoot();

        private static string FindRoot()
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "ComplianceRisk.sln"))) return dir.FullName;
            throw new InvalidOperationException($"ComplianceRisk.sln not found above {AppContext.BaseDirectory}");
        }

        private static string? FindNode()
        {
            var names = OperatingSystem.IsWindows() ? new[] { "node.exe", "node.cmd" } : ["node"];
            foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
                foreach (var name in names)
                {
                    var candidate = Path.Combine(dir.Trim('"'), name);
                    if (File.Exists(candidate)) return candidate;
                }
            return null;
        }

        public static async Task<Result> RunAsync(string schema, params string[] documents)
        {
            var tool = Path.Combine(Root, "tools", "schema-check");
            if (!Directory.Exists(Path.Combine(tool, "node_modules", "ajv")) || !Directory.Exists(Path.Combine(tool, "node_modules", "ajv-formats")))
                Assert.Fail($"The schema checker's packages are not installed ({Path.Combine(tool, "node_modules")} is missing or incomplete): run `npm ci --prefix tools/schema-check` in {Root}.");
            var node = FindNode();
            if (node is null)
                Assert.Fail("node is not on PATH: install Node.js 20 or later, then run `npm ci --prefix tools/schema-check`.");

            var start = new ProcessStartInfo(node)
            {
                WorkingDirectory = Root,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                StandardOutputEncoding = Encoding.UTF8,
                StandardErrorEncoding = Encoding.UTF8,
            };
            start.ArgumentList.Add(Path.Combine(tool, "validate.mjs"));
            start.ArgumentList.Add(Path.Combine(Root, "schemas", schema));
            foreach (var document in documents) start.ArgumentList.Add(document);

            using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {node}");
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            timeout.CancelAfter(Timeout);
            var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
                return new Result(schema, process.ExitCode, await stdout, await stderr);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail($"validate.mjs did not finish within {Timeout.TotalSeconds:0} s for {schema}");
                throw;
            }
        }
    }

    private sealed record Result(string Schema, int ExitCode, string Stdout, string Stderr)
    {
        private string Describe() => $"validate.mjs against {Schema} exited {ExitCode}.\nstdout:\n{Stdout}\nstderr:\n{Stderr}";

        public void AssertValid() => Assert.True(ExitCode == 0, Describe());

        /// <summary>Invalid (exit 1, not a usage or schema error), and the error names <paramref name="where"/>.</summary>
        public void AssertRejected(string where)
        {
            Assert.True(ExitCode == 1, Describe());
            Assert.True(Stdout.Contains(where, StringComparison.Ordinal), $"expected an error at {where}. {Describe()}");
        }
    }
}
