using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;

namespace ComplianceRisk.Cli.Tests;

/// <summary>
/// samples/*/README.md tell each sample's story as of 2026-11-22 and quote what the tool reports. Every row
/// below pins one statement of a README (the comment says which), so a change to the tool or to a roster that
/// makes a README untrue fails here, and the README's headline quote must equal the headline the tool prints.
/// </summary>
public sealed class SampleStoryTests
{
    private const string Tx = "community-hospital-tx";
    private const string Ny = "regional-health-system-ny";
    private const string Payer = "payer-cms-0057f";

    /// <summary>The as-of date every README is written for; a scenario is this run unless it says otherwise.</summary>
    private const string AsOf = "2026-11-22";

    // Scenarios: extra arguments to the run ("" = the README's own run). "--as-of D" replaces the date;
    // "fix:OLD=>NEW" runs a copy of the roster with one cell changed, as a README suggests.
    private const string Today = "";
    private const string TxInterimLater = "--as-of 2027-01-16";
    private const string TxWithoutCarla = "--without E1015";
    private const string NyRenewalsSlip = "--as-of 2027-02-16";
    private const string NyDateFixed = "fix:,11/12/2025,=>,2025-12-11,";
    private const string PayerDeadline = "--as-of 2027-01-04";

    // ───────────────────────────── flags raised: sample, scenario, roleId, code, personId, message fragment

    public static TheoryData<string, string, string, string, string?, string?> TexasFlags => new()
    {
        // §1 table: NO_QUALIFIED_HOLDER "1 holder(s), none qualified"
        { Tx, Today, "security-official", "NO_QUALIFIED_HOLDER", null, "1 holder(s), none qualified" },
        // §1 table: INEXPERIENCED_INCUMBENT E1001 "E1001 (interim) has 2 years of relevant experience; the role needs 5"
        { Tx, Today, "security-official", "INEXPERIENCED_INCUMBENT", "E1001", "E1001 (interim) has 2 years of relevant experience; the role needs 5" },
        // §1 table: JUNIOR_ONLY_COVERAGE, every holder has less than the 5 years the role needs
        { Tx, Today, "security-official", "JUNIOR_ONLY_COVERAGE", null, "5 years" },
        // §1 table: COMPETENCY_GAP E1001 below the required level on hipaa-security (1 of 3), risk-analysis (1 of 3)
        { Tx, Today, "security-official", "COMPETENCY_GAP", "E1001", "hipaa-security (1 of 3), risk-analysis (1 of 3)" },
        // §1 table: CURRENCY_LAPSED E1001, no tabletop exercise date given
        { Tx, Today, "security-official", "CURRENCY_LAPSED", "E1001", "no date given" },
        // §1: Kimberly Tran is the only qualified holder of the compliance-analyst role (SINGLE_POINT_OF_FAILURE E1004)
        { Tx, Today, "compliance-analyst", "SINGLE_POINT_OF_FAILURE", "E1004", null },
        // §1: rerun with --as-of 2027-01-16 and the tool adds INTERIM_TOO_LONG E1001
        { Tx, TxInterimLater, "security-official", "INTERIM_TOO_LONG", "E1001", "since 2026-09-08" },
        // §2: SINGLE_POINT_OF_FAILURE E1015
        { Tx, Today, "ehr-analyst", "SINGLE_POINT_OF_FAILURE", "E1015", null },
        // §2: BELOW_REQUIRED_HEADCOUNT (1 qualified of 2 required)
        { Tx, Today, "ehr-analyst", "BELOW_REQUIRED_HEADCOUNT", null, "1 qualified of 2 required" },
        // §2: DEPARTURE_PENDING E1015 ("leaves on 2027-01-15 (within 180 days)")
        { Tx, Today, "ehr-analyst", "DEPARTURE_PENDING", "E1015", "leaves on 2027-01-15 (within 180 days)" },
        // §2: INEXPERIENCED_INCUMBENT for E1016 (one year in the job)
        { Tx, Today, "ehr-analyst", "INEXPERIENCED_INCUMBENT", "E1016", null },
        // §2: COMPETENCY_GAP for E1016 (ehr-config level 2)
        { Tx, Today, "ehr-analyst", "COMPETENCY_GAP", "E1016", "ehr-config (2 of 3)" },
        // §2: with --without E1015 the EHR analyst role drops to NO_QUALIFIED_HOLDER ...
        { Tx, TxWithoutCarla, "ehr-analyst", "NO_QUALIFIED_HOLDER", null, null },
        // §2: ... with JUNIOR_ONLY_COVERAGE
        { Tx, TxWithoutCarla, "ehr-analyst", "JUNIOR_ONLY_COVERAGE", null, null },
        // §3: CURRENCY_LAPSED for E1013 ("last exercise 2025-03-20 is more than 12 months ago")
        { Tx, Today, "backup-dr-engineer", "CURRENCY_LAPSED", "E1013", "last exercise 2025-03-20 is more than 12 months ago" },
        // §3: CURRENCY_LAPSED for E1014 ("no date given")
        { Tx, Today, "backup-dr-engineer", "CURRENCY_LAPSED", "E1014", "no date given" },
        // §3: Priya is the only DBA (SINGLE_POINT_OF_FAILURE E1014 on dba)
        { Tx, Today, "dba", "SINGLE_POINT_OF_FAILURE", "E1014", null },
        // §3 and §6: her training is overdue (TRAINING_OVERDUE, last 2025-08-14), which shows on both of her roles: dba ...
        { Tx, Today, "dba", "TRAINING_OVERDUE", "E1014", "2025-08-14" },
        // §3 and §6: ... and backup-dr-engineer
        { Tx, Today, "backup-dr-engineer", "TRAINING_OVERDUE", "E1014", "2025-08-14" },
        // §4: Network Engineer carries EXTERNAL_DEPENDENCY ("Every qualified holder is a contractor, vendor or MSP (Lonestar Managed IT)")
        { Tx, Today, "network-engineer", "EXTERNAL_DEPENDENCY", null, "Every qualified holder is a contractor, vendor or MSP (Lonestar Managed IT)" },
        // §4: Cloud Platform Engineer has SINGLE_POINT_OF_FAILURE C5003 ...
        { Tx, Today, "cloud-engineer", "SINGLE_POINT_OF_FAILURE", "C5003", null },
        // §4: ... and EXTERNAL_DEPENDENCY
        { Tx, Today, "cloud-engineer", "EXTERNAL_DEPENDENCY", null, "Lonestar Managed IT" },
        // §4 and §6: the MSP's training records are not in the spreadsheet: TRAINING_OVERDUE C5001 ("no training date given")
        { Tx, Today, "network-engineer", "TRAINING_OVERDUE", "C5001", "no training date given" },
        // §5: CERT_EXPIRED E1007 ("it was evidence for this role"), the CySA+ that expired on 2026-08-31
        { Tx, Today, "soc-analyst", "CERT_EXPIRED", "E1007", "expired on 2026-08-31; it was evidence for this role" },
        // §5: COMPETENCY_GAP E1007 (siem-detection 1 of 2)
        { Tx, Today, "soc-analyst", "COMPETENCY_GAP", "E1007", "siem-detection (1 of 2)" },
        // §5: Aisha Rahman is the only qualified security operations analyst (SINGLE_POINT_OF_FAILURE E1006 ...
        { Tx, Today, "soc-analyst", "SINGLE_POINT_OF_FAILURE", "E1006", null },
        // §5: ... BELOW_REQUIRED_HEADCOUNT)
        { Tx, Today, "soc-analyst", "BELOW_REQUIRED_HEADCOUNT", null, null },
        // §6: TRAINING_OVERDUE for Sofia Ramirez (E1011, service desk, last 2025-09-30)
        { Tx, Today, "service-desk", "TRAINING_OVERDUE", "E1011", "2025-09-30" },
        // Everything else: Interoperability Program Lead is VACANT
        { Tx, Today, "interoperability-lead", "VACANT", null, null },
        // Everything else: Clinical AI Governance Lead is VACANT
        { Tx, Today, "ai-governance-lead", "VACANT", null, null },
        // Everything else, one-deep roles: Clinical Informaticist (E1017)
        { Tx, Today, "clinical-informaticist", "SINGLE_POINT_OF_FAILURE", "E1017", null },
        // Everything else, one-deep roles: Vendor Risk Manager (E1020)
        { Tx, Today, "vendor-risk-manager", "SINGLE_POINT_OF_FAILURE", "E1020", null },
        // Everything else, one-deep roles: Integration Engineer (E1018, Omar Haddad) ...
        { Tx, Today, "integration-engineer", "SINGLE_POINT_OF_FAILURE", "E1018", null },
        // Everything else: ... the integration engineer role needs 2, so it also has BELOW_REQUIRED_HEADCOUNT
        { Tx, Today, "integration-engineer", "BELOW_REQUIRED_HEADCOUNT", null, null },
    };

    public static TheoryData<string, string, string, string, string?, string?> NewYorkFlags => new()
    {
        // §1: SINGLE_POINT_OF_FAILURE E4020
        { Ny, Today, "integration-engineer", "SINGLE_POINT_OF_FAILURE", "E4020", null },
        // §1: BELOW_REQUIRED_HEADCOUNT (1 qualified of 2 required)
        { Ny, Today, "integration-engineer", "BELOW_REQUIRED_HEADCOUNT", null, "1 qualified of 2 required" },
        // §1: DEPARTURE_PENDING E4020 ("leaves on 2027-01-29 (within 180 days)")
        { Ny, Today, "integration-engineer", "DEPARTURE_PENDING", "E4020", "leaves on 2027-01-29 (within 180 days)" },
        // §1: COMPETENCY_GAP, the HL7 v2 veterans are at FHIR 1: E4021 ...
        { Ny, Today, "integration-engineer", "COMPETENCY_GAP", "E4021", "fhir (1 of 2)" },
        // §1: ... E4022 ...
        { Ny, Today, "integration-engineer", "COMPETENCY_GAP", "E4022", "fhir (1 of 2)" },
        // §1: ... E4023
        { Ny, Today, "integration-engineer", "COMPETENCY_GAP", "E4023", "fhir (1 of 2)" },
        // §1: COMPETENCY_GAP, the FHIR developers are below HL7 v2 3: E4024 ...
        { Ny, Today, "integration-engineer", "COMPETENCY_GAP", "E4024", "hl7v2 (1 of 3)" },
        // §1: ... E4025
        { Ny, Today, "integration-engineer", "COMPETENCY_GAP", "E4025", "hl7v2 (2 of 3)" },
        // §1: COMPETENCY_GAP, the Epic Bridges analyst falls short on both (E4027)
        { Ny, Today, "integration-engineer", "COMPETENCY_GAP", "E4027", "hl7v2 (2 of 3), fhir (1 of 2)" },
        // §1: INEXPERIENCED_INCUMBENT E4026, 1.5 years of the 3 years required
        { Ny, Today, "integration-engineer", "INEXPERIENCED_INCUMBENT", "E4026", "1.5 years of relevant experience; the role needs 3" },
        // §2: CERT_EXPIRING E4001 twice, each "their qualification rests on it": the CISSP (2027-01-31) ...
        { Ny, Today, "security-official", "CERT_EXPIRING", "E4001", "(CISSP) expires on 2027-01-31 (within 90 days); their qualification rests on it" },
        // §2: ... and the HCISPP (2027-02-15)
        { Ny, Today, "security-official", "CERT_EXPIRING", "E4001", "(HCISPP) expires on 2027-02-15 (within 90 days); their qualification rests on it" },
        // §2, --as-of 2027-02-16: E4001 shows CERT_EXPIRED twice (CISSP ...
        { Ny, NyRenewalsSlip, "security-official", "CERT_EXPIRED", "E4001", "(CISSP) expired on 2027-01-31" },
        // §2, --as-of 2027-02-16: ... and HCISPP)
        { Ny, NyRenewalsSlip, "security-official", "CERT_EXPIRED", "E4001", "(HCISPP) expired on 2027-02-15" },
        // §2, --as-of 2027-02-16: ... and COMPETENCY_GAP
        { Ny, NyRenewalsSlip, "security-official", "COMPETENCY_GAP", "E4001", null },
        // §2, --as-of 2027-02-16: the role is down to SINGLE_POINT_OF_FAILURE E4002 ...
        { Ny, NyRenewalsSlip, "security-official", "SINGLE_POINT_OF_FAILURE", "E4002", null },
        // §2, --as-of 2027-02-16: ... with BELOW_REQUIRED_HEADCOUNT
        { Ny, NyRenewalsSlip, "security-official", "BELOW_REQUIRED_HEADCOUNT", null, null },
        // §2, --as-of 2027-02-16: the integration engineer role at NO_QUALIFIED_HOLDER once E4020 has left
        { Ny, NyRenewalsSlip, "integration-engineer", "NO_QUALIFIED_HOLDER", null, null },
        // §3: INTERIM_TOO_LONG E4010: "held the seat as interim since 2026-03-16 (251 days; limit 90)"
        { Ny, Today, "incident-response-lead", "INTERIM_TOO_LONG", "E4010", "held the seat as interim since 2026-03-16 (251 days; limit 90)" },
        // §4: E4015 is at IAM level 2 of 3 (COMPETENCY_GAP) ...
        { Ny, Today, "iam-engineer", "COMPETENCY_GAP", "E4015", "iam (2 of 3)" },
        // §4: ... and E4016
        { Ny, Today, "iam-engineer", "COMPETENCY_GAP", "E4016", "iam (2 of 3)" },
        // §4: E4017 has 1.5 years of the 3 required (INEXPERIENCED_INCUMBENT)
        { Ny, Today, "iam-engineer", "INEXPERIENCED_INCUMBENT", "E4017", "1.5 years of relevant experience; the role needs 3" },
        // §4: EXTERNAL_DEPENDENCY ("Every qualified holder is a contractor, vendor or MSP (Keystone Identity Partners)")
        { Ny, Today, "iam-engineer", "EXTERNAL_DEPENDENCY", null, "Every qualified holder is a contractor, vendor or MSP (Keystone Identity Partners)" },
        // §5: OVERLOADED E4030 on both roles: backup-dr-engineer ...
        { Ny, Today, "backup-dr-engineer", "OVERLOADED", "E4030", "holds primary or interim seats in 2 tier 1-2 roles (backup-dr-engineer, dba)" },
        // §5: ... and dba
        { Ny, Today, "dba", "OVERLOADED", "E4030", "holds primary or interim seats in 2 tier 1-2 roles (backup-dr-engineer, dba)" },
        // §6 row 26: the EHR analyst role also shows TRAINING_OVERDUE E4031 ("last trained on 2025-11-12")
        { Ny, Today, "ehr-analyst", "TRAINING_OVERDUE", "E4031", "last trained on 2025-11-12" },
        // Everything else: TRAINING_OVERDUE E4034 (service desk, last trained 2025-06-30)
        { Ny, Today, "service-desk", "TRAINING_OVERDUE", "E4034", "2025-06-30" },
        // Everything else: TRAINING_OVERDUE E4035 (clinical data analyst, last trained 2025-10-02)
        { Ny, Today, "data-analyst", "TRAINING_OVERDUE", "E4035", "2025-10-02" },
    };

    public static TheoryData<string, string, string, string, string?, string?> PayerFlags => new()
    {
        // Interoperability Program Lead: SINGLE_POINT_OF_FAILURE X3001
        { Payer, Today, "interoperability-lead", "SINGLE_POINT_OF_FAILURE", "X3001", null },
        // Interoperability Program Lead: EXTERNAL_DEPENDENCY (Meridian Interoperability Partners)
        { Payer, Today, "interoperability-lead", "EXTERNAL_DEPENDENCY", null, "(Meridian Interoperability Partners)" },
        // Interoperability Program Lead: DEPARTURE_PENDING X3001 ("reaches the end of their contract on 2026-12-18 (within 180 days)")
        { Payer, Today, "interoperability-lead", "DEPARTURE_PENDING", "X3001", "reaches the end of their contract on 2026-12-18 (within 180 days)" },
        // Interoperability Program Lead: COMPETENCY_GAP E2049, at fhir 2 of 3 and info-blocking 2 of 3
        { Payer, Today, "interoperability-lead", "COMPETENCY_GAP", "E2049", "fhir (2 of 3), info-blocking (2 of 3)" },
        // Integration Engineer: EXTERNAL_DEPENDENCY applies
        { Payer, Today, "integration-engineer", "EXTERNAL_DEPENDENCY", null, "Meridian Interoperability Partners" },
        // Integration Engineer: all four qualified engineers carry DEPARTURE_PENDING: X3002 ...
        { Payer, Today, "integration-engineer", "DEPARTURE_PENDING", "X3002", "2026-12-18" },
        // ... X3003 ...
        { Payer, Today, "integration-engineer", "DEPARTURE_PENDING", "X3003", "2026-12-18" },
        // ... X3004 ...
        { Payer, Today, "integration-engineer", "DEPARTURE_PENDING", "X3004", "2026-12-18" },
        // ... X3005
        { Payer, Today, "integration-engineer", "DEPARTURE_PENDING", "X3005", "2026-12-18" },
        // Integration Engineer: COMPETENCY_GAP E2046 (the EDI Integration Analyst) at hl7v2 2 of 3 and fhir 1 of 2
        { Payer, Today, "integration-engineer", "COMPETENCY_GAP", "E2046", "hl7v2 (2 of 3), fhir (1 of 2)" },
        // Integration Engineer: COMPETENCY_GAP E2047 at hl7v2 1 of 3
        { Payer, Today, "integration-engineer", "COMPETENCY_GAP", "E2047", "hl7v2 (1 of 3)" },
        // Integration Engineer: COMPETENCY_GAP E2048 at hl7v2 1 of 3
        { Payer, Today, "integration-engineer", "COMPETENCY_GAP", "E2048", "hl7v2 (1 of 3)" },
        // Integration Engineer: E2048 also has INEXPERIENCED_INCUMBENT (2 years; the role needs 3)
        { Payer, Today, "integration-engineer", "INEXPERIENCED_INCUMBENT", "E2048", "2 years of relevant experience; the role needs 3" },
        // On the compliance date (--as-of 2027-01-04): both roles drop to NO_QUALIFIED_HOLDER: the lead ...
        { Payer, PayerDeadline, "interoperability-lead", "NO_QUALIFIED_HOLDER", null, null },
        // ... and the integration engineers
        { Payer, PayerDeadline, "integration-engineer", "NO_QUALIFIED_HOLDER", null, null },
    };

    [Theory]
    [MemberData(nameof(TexasFlags))]
    [MemberData(nameof(NewYorkFlags))]
    [MemberData(nameof(PayerFlags))]
    public async Task Flag_IsRaised_AsTheReadmeTells(string sample, string scenario, string roleId, string code, string? personId, string? message)
    {
        var role = Role(await AssessAsync(sample, scenario), roleId);
        var flags = role.GetProperty("flags").EnumerateArray()
            .Where(f => f.GetProperty("code").GetString() == code && PersonOf(f) == personId).ToList();
        Assert.True(flags.Count > 0, $"{sample} {scenario}: no {code} {personId} on {roleId}; it has [{Describe(role)}]");
        if (message is not null)
            Assert.True(flags.Any(f => f.GetProperty("message").GetString()!.Contains(message, StringComparison.Ordinal)),
                $"{sample} {scenario}: {code} {personId} on {roleId} does not say \"{message}\": [{string.Join(" | ", flags.Select(f => f.GetProperty("message").GetString()))}]");
    }

    // ───────────────────────────── flags not raised: sample, scenario, roleId, code, personId

    public static TheoryData<string, string, string, string, string?> FlagsNotRaised => new()
    {
        // Texas §1: the interim began 75 days before the as-of date, so INTERIM_TOO_LONG is not raised yet
        { Tx, Today, "security-official", "INTERIM_TOO_LONG", "E1001" },
        // New York §6 row 26: change the cell to 2025-12-11 and the TRAINING_OVERDUE flag disappears
        { Ny, NyDateFixed, "ehr-analyst", "TRAINING_OVERDUE", "E4031" },
    };

    [Theory]
    [MemberData(nameof(FlagsNotRaised))]
    public async Task Flag_IsNotRaised_AsTheReadmeTells(string sample, string scenario, string roleId, string code, string? personId)
    {
        var role = Role(await AssessAsync(sample, scenario), roleId);
        Assert.False(role.GetProperty("flags").EnumerateArray().Any(f => f.GetProperty("code").GetString() == code && PersonOf(f) == personId),
            $"{sample} {scenario}: {code} {personId} is raised on {roleId}");
    }

    // ───────────────────────────── roles: sample, scenario, roleId, qualified, required, holders (null: not stated)

    public static TheoryData<string, string, string, int, int, int?> RoleDepths => new()
    {
        // Texas §4: Network Engineer has 2 of 2 qualified
        { Tx, Today, "network-engineer", 2, 2, null },
        // Texas, healthy areas: the Privacy Officer (2 of 2 qualified) ...
        { Tx, Today, "privacy-official", 2, 2, null },
        // Texas, healthy areas: ... Incident Response Lead (2 of 2) ...
        { Tx, Today, "incident-response-lead", 2, 2, null },
        // Texas, healthy areas: ... and IAM (3 of 2)
        { Tx, Today, "iam-engineer", 3, 2, null },
        // New York: 20 qualified SOC analysts ...
        { Ny, Today, "soc-analyst", 20, 2, null },
        // New York: ... 27 network engineers ...
        { Ny, Today, "network-engineer", 27, 2, null },
        // New York: ... 113 EHR analysts ...
        { Ny, Today, "ehr-analyst", 113, 2, null },
        // New York: ... and 104 service-desk analysts ...
        { Ny, Today, "service-desk", 104, 1, null },
        // New York: ... and 3 qualified privacy officers against 2 required
        { Ny, Today, "privacy-official", 3, 2, null },
        // New York §1: eight people hold the Integration Engineer role; only E4020 is qualified
        { Ny, Today, "integration-engineer", 1, 2, 8 },
        // New York §3: the role has 6 qualified people against 2 required
        { Ny, Today, "incident-response-lead", 6, 2, null },
        // New York §4: four Keystone contractors are qualified; the three in-house people are not (7 holders)
        { Ny, Today, "iam-engineer", 4, 2, 7 },
        // New York §5: both roles have depth (9 ...
        { Ny, Today, "backup-dr-engineer", 9, 2, null },
        // New York §5: ... and 14 qualified)
        { Ny, Today, "dba", 14, 1, null },
        // Payer, Integration Engineer: 4 qualified against 2 required
        { Payer, Today, "integration-engineer", 4, 2, null },
        // Payer, privacy official: the role has 2 of 2 qualified
        { Payer, Today, "privacy-official", 2, 2, null },
        // Payer, security official: the role has 2 of 2 qualified
        { Payer, Today, "security-official", 2, 2, null },
    };

    [Theory]
    [MemberData(nameof(RoleDepths))]
    public async Task Role_HasTheDepthTheReadmeTells(string sample, string scenario, string roleId, int qualified, int required, int? holders)
    {
        var role = Role(await AssessAsync(sample, scenario), roleId);
        Assert.Equal(qualified, role.GetProperty("qualifiedCount").GetInt32());
        Assert.Equal(required, role.GetProperty("requiredQualified").GetInt32());
        if (holders is { } h) Assert.Equal(h, role.GetProperty("holders").GetArrayLength());
    }

    // ───────────────────────────── roles with flags: sample, scenario, the roles that have flags ("*": others have none)

    public static TheoryData<string, string, string> RolesWithoutFlags => new()
    {
        // Texas, healthy areas: the Privacy Officer role has no flags
        { Tx, Today, "privacy-official" },
        // Texas, healthy areas: the Incident Response Lead role has no flags
        { Tx, Today, "incident-response-lead" },
        // Texas, healthy areas: the IAM role has no flags
        { Tx, Today, "iam-engineer" },
        // New York, everything else: every other role has no flags (these are the ones with flags)
        { Ny, Today, "* security-official incident-response-lead iam-engineer backup-dr-engineer ehr-analyst integration-engineer data-analyst dba service-desk" },
        // Payer: the privacy official role has no flags
        { Payer, Today, "privacy-official" },
        // Payer: the security official role has no flags
        { Payer, Today, "security-official" },
        // Payer: every other role has no flags (SOC, incident response, IAM, network, cloud, backup and DR, DBA, ...)
        { Payer, Today, "* integration-engineer interoperability-lead" },
    };

    [Theory]
    [MemberData(nameof(RolesWithoutFlags))]
    public async Task Role_HasNoFlags_AsTheReadmeTells(string sample, string scenario, string roles)
    {
        var assessment = await AssessAsync(sample, scenario);
        if (roles.StartsWith('*'))
        {
            var expected = roles[1..].Split(' ', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal);
            var flagged = assessment.GetProperty("roles").EnumerateArray().Where(r => r.GetProperty("flags").GetArrayLength() > 0)
                .Select(r => r.GetProperty("roleId").GetString()!).Order(StringComparer.Ordinal);
            Assert.Equal(expected, flagged);
        }
        else
        {
            var role = Role(assessment, roles);
            Assert.True(role.GetProperty("flags").GetArrayLength() == 0, $"{sample}: {roles} has [{Describe(role)}]");
        }
    }

    // ───────────────────────────── obligations: sample, scenario, obligationId, status, qualified, key people, probability
    // status "UPCOMING (would be X)" also checks statusWhenInForce; key people "" means none; null means not stated.

    public static TheoryData<string, string, string, string, int?, string?, double?> TexasObligations => new()
    {
        // §1: 45 CFR 164.308(a)(2) Designated security official is UNCOVERED (0 qualified, probability 1.000)
        { Tx, Today, "hipaa-sec-164.308a2", "UNCOVERED", 0, null, 1.0 },
        // §1: 45 CFR 164.308(a)(1)(ii)(B) Security risk management is UNCOVERED (0 qualified, 1.000)
        { Tx, Today, "hipaa-sec-164.308a1iib", "UNCOVERED", 0, null, 1.0 },
        // §1: 45 CFR 164.308(a)(1)(ii)(A) Security risk analysis is UNCOVERED; the compliance analyst is at risk-analysis 2 of 3
        { Tx, Today, "hipaa-sec-164.308a1iia", "UNCOVERED", 0, null, 1.0 },
        // §1: the Medicare Promoting Interoperability annual security risk analysis attestation is UNCOVERED
        { Tx, Today, "cms-pi-hosp-sra", "UNCOVERED", 0, null, 1.0 },
        // §1: E1004 is the key person for sanctions, 164.308(a)(1)(ii)(C), FRAGILE at 0.150
        { Tx, Today, "hipaa-sec-164.308a1iic", "FRAGILE", 1, "E1004", 0.150 },
        // §1: ... security awareness and training, 164.308(a)(5)
        { Tx, Today, "hipaa-sec-164.308a5", "FRAGILE", 1, "E1004", 0.150 },
        // §1: ... periodic evaluation, 164.308(a)(8)
        { Tx, Today, "hipaa-sec-164.308a8", "FRAGILE", 1, "E1004", 0.150 },
        // §1: ... security policies and documentation, 164.316
        { Tx, Today, "hipaa-sec-164.316", "FRAGILE", 1, "E1004", 0.150 },
        // §1: the voluntary NIST CSF PR.AT obligation is FRAGILE on her in the same way
        { Tx, Today, "nist-csf2-pr.at", "FRAGILE", 1, "E1004", 0.150 },
        // §1: ... and PCI DSS 12.6
        { Tx, Today, "pci-12.6", "FRAGILE", 1, "E1004", 0.150 },
        // Headline: the other 4 UNCOVERED are PCI DSS 12.1.3 ...
        { Tx, Today, "pci-12.1.3", "UNCOVERED", 0, null, 1.0 },
        // Headline: ... NIST CSF GV.RR ...
        { Tx, Today, "nist-csf2-gv.rr", "UNCOVERED", 0, null, 1.0 },
        // Headline: ... HHS CPGs ...
        { Tx, Today, "hhs-cpg-essential", "UNCOVERED", 0, null, 1.0 },
        // Headline: ... and the proposed HIPAA Security Rule update
        { Tx, Today, "hipaa-sec-nprm-2025", "UNCOVERED", 0, null, 1.0 },
        // §2: the SAFER Guides self-assessment has 2 qualified people today but is FRAGILE with Janet Coleman (E1017) as key person; 0.150
        { Tx, Today, "cms-pi-hosp-safer", "FRAGILE", 2, "E1017", 0.150 },
        // §2: with --without E1015 the SAFER Guides measure stays FRAGILE on Janet Coleman (1 of 1, 0.150)
        { Tx, TxWithoutCarla, "cms-pi-hosp-safer", "FRAGILE", 1, "E1017", 0.150 },
        // §3: 164.308(a)(7) is FRAGILE: needs 2 and has exactly 2 (key people E1013 and E1014; probability 0.278)
        { Tx, Today, "hipaa-sec-164.308a7", "FRAGILE", 2, "E1013,E1014", 0.278 },
        // §4: transmission security, 164.312(e), is FRAGILE although 2 people can meet it; probability 0.200
        { Tx, Today, "hipaa-sec-164.312e", "FRAGILE", 2, null, 0.200 },
        // §5: regular review of system activity, 164.308(a)(1)(ii)(D), is UNCOVERED (1 of 2)
        { Tx, Today, "hipaa-sec-164.308a1iid", "UNCOVERED", 1, null, 1.0 },
        // Everything else: information blocking, Part 171, is still COVERED (2 of 1)
        { Tx, Today, "cures-ib-part171", "COVERED", 2, null, null },
        // Everything else: HTI-1 decision-support transparency is FRAGILE; E1017 the only qualified person and key person (0.150)
        { Tx, Today, "onc-hti1-dsi", "FRAGILE", 1, "E1017", 0.150 },
        // Everything else: security incident response, 164.308(a)(6), FRAGILE on E1005 and E1006, 0.278
        { Tx, Today, "hipaa-sec-164.308a6", "FRAGILE", 2, "E1005,E1006", 0.278 },
        // Everything else: notifying individuals of a breach, 164.404, FRAGILE on E1003 and E1004, 0.278
        { Tx, Today, "hipaa-bn-164.404", "FRAGILE", 2, "E1003,E1004", 0.278 },
        // Healthy areas: workforce security is COVERED
        { Tx, Today, "hipaa-sec-164.308a3", "COVERED", null, null, null },
        // Healthy areas: information access management is COVERED
        { Tx, Today, "hipaa-sec-164.308a4", "COVERED", null, null, null },
        // Healthy areas: access control is COVERED
        { Tx, Today, "hipaa-sec-164.312a", "COVERED", null, null, null },
        // Healthy areas: authentication is COVERED
        { Tx, Today, "hipaa-sec-164.312d", "COVERED", null, null, null },
        // Healthy areas: audit controls are COVERED
        { Tx, Today, "hipaa-sec-164.312b", "COVERED", null, null, null },
        // Healthy areas: integrity is COVERED
        { Tx, Today, "hipaa-sec-164.312c", "COVERED", null, null, null },
        // Healthy areas: business associate contracts are COVERED
        { Tx, Today, "hipaa-sec-164.308b", "COVERED", null, null, null },
        // Healthy areas: the privacy official is COVERED
        { Tx, Today, "hipaa-priv-164.530a", "COVERED", null, null, null },
        // Healthy areas: privacy training is COVERED
        { Tx, Today, "hipaa-priv-164.530b", "COVERED", null, null, null },
        // Healthy areas: HHS breach notification is COVERED
        { Tx, Today, "hipaa-bn-164.408", "COVERED", null, null, null },
        // Healthy areas: media breach notification is COVERED
        { Tx, Today, "hipaa-bn-164.406", "COVERED", null, null, null },
        // Healthy areas: Texas HSC 181.101 training is COVERED
        { Tx, Today, "tx-hsc-181.101", "COVERED", null, null, null },
    };

    public static TheoryData<string, string, string, string, int?, string?, double?> NewYorkObligations => new()
    {
        // §2: 45 CFR 164.308(a)(2) Designated security official, 1 of 1, FRAGILE on the deputy (key person E4002), 0.150
        { Ny, Today, "hipaa-sec-164.308a2", "FRAGILE", 1, "E4002", 0.150 },
        // §2: 10 NYCRR 405.46 cybersecurity program and designated CISO, 1 of 1, FRAGILE on E4002, 0.150
        { Ny, Today, "ny-405.46-program", "FRAGILE", 1, "E4002", 0.150 },
        // §2: 164.308(a)(1)(ii)(B) Security risk management, 2 of 1, FRAGILE on E4002, 0.150
        { Ny, Today, "hipaa-sec-164.308a1iib", "FRAGILE", 2, "E4002", 0.150 },
        // §2: the Medicare security risk analysis attestation, 2 of 1, FRAGILE on E4002, 0.150
        { Ny, Today, "cms-pi-hosp-sra", "FRAGILE", 2, "E4002", 0.150 },
        // §2: the proposed HIPAA Security Rule update, 2 of 1, FRAGILE on E4002, 0.150
        { Ny, Today, "hipaa-sec-nprm-2025", "FRAGILE", 2, "E4002", 0.150 },
        // §2: the voluntary NIST CSF GV.RR (2 of 1), FRAGILE on E4002, 0.150
        { Ny, Today, "nist-csf2-gv.rr", "FRAGILE", 2, "E4002", 0.150 },
        // §2: PCI DSS 12.1.3 (1 of 1, a designation duty), FRAGILE on E4002, 0.150
        { Ny, Today, "pci-12.1.3", "FRAGILE", 1, "E4002", 0.150 },
        // §2: shared obligations stay COVERED: security risk analysis (5 of 1) ...
        { Ny, Today, "hipaa-sec-164.308a1iia", "COVERED", 5, "", null },
        // §2: ... sanctions ...
        { Ny, Today, "hipaa-sec-164.308a1iic", "COVERED", null, "", null },
        // §2: ... periodic evaluation ...
        { Ny, Today, "hipaa-sec-164.308a8", "COVERED", null, "", null },
        // §2: ... security policies and documentation ...
        { Ny, Today, "hipaa-sec-164.316", "COVERED", null, "", null },
        // §2 and §3: ... the 405.46 72-hour reporting duty ...
        { Ny, Today, "ny-405.46-report", "COVERED", null, "", null },
        // §2 and everything else: ... and the HHS CPGs
        { Ny, Today, "hhs-cpg-essential", "COVERED", null, "", null },
        // §2, --as-of 2027-02-16: 45 CFR 164.308(a)(2) becomes UNCOVERED ...
        { Ny, NyRenewalsSlip, "hipaa-sec-164.308a2", "UNCOVERED", 0, null, 1.0 },
        // §2, --as-of 2027-02-16: ... the 405.46 designated-CISO obligation ...
        { Ny, NyRenewalsSlip, "ny-405.46-program", "UNCOVERED", 0, null, 1.0 },
        // §2, --as-of 2027-02-16: ... and PCI DSS 12.1.3
        { Ny, NyRenewalsSlip, "pci-12.1.3", "UNCOVERED", 0, null, 1.0 },
        // §3: security incident response, 164.308(a)(6), is COVERED
        { Ny, Today, "hipaa-sec-164.308a6", "COVERED", null, null, null },
        // §4: information access management, 164.308(a)(4), FRAGILE with 4 qualified against 2; probability 0.300
        { Ny, Today, "hipaa-sec-164.308a4", "FRAGILE", 4, null, 0.300 },
        // §4: access control, 164.312(a), the same
        { Ny, Today, "hipaa-sec-164.312a", "FRAGILE", 4, null, 0.300 },
        // §4: person or entity authentication, 164.312(d), the same
        { Ny, Today, "hipaa-sec-164.312d", "FRAGILE", 4, null, 0.300 },
        // §4: workforce security, 164.308(a)(3), stays COVERED
        { Ny, Today, "hipaa-sec-164.308a3", "COVERED", null, null, null },
        // Everything else: breach notification to individuals, 164.404: 3 of 2 qualified, probability 0.061
        { Ny, Today, "hipaa-bn-164.404", "COVERED", 3, null, 0.061 },
        // Everything else: 42 CFR Part 2: 3 of 1, probability 0.003
        { Ny, Today, "cfr42-part2-2024", "COVERED", 3, null, 0.003 },
        // Everything else: HTI-1 decision-support transparency is COVERED
        { Ny, Today, "onc-hti1-dsi", "COVERED", null, null, null },
        // Everything else: the Medicare SAFER Guides measure is COVERED
        { Ny, Today, "cms-pi-hosp-safer", "COVERED", null, null, null },
        // Everything else: information blocking is COVERED
        { Ny, Today, "cures-ib-part171", "COVERED", null, null, null },
        // Everything else: the voluntary NIST CSF PR.AT ... is COVERED
        { Ny, Today, "nist-csf2-pr.at", "COVERED", null, null, null },
        // Everything else: ... and PCI DSS 12.6 items are COVERED
        { Ny, Today, "pci-12.6", "COVERED", null, null, null },
    };

    public static TheoryData<string, string, string, string, int?, string?, double?> PayerObligations => new()
    {
        // CMS-0057-F Payer FHIR APIs: UPCOMING (would be FRAGILE); five qualify against 2; key people X3001–X3005; probability 1.000
        { Payer, Today, "cms-0057f-apis", "UPCOMING (would be FRAGILE)", 5, "X3001,X3002,X3003,X3004,X3005", 1.0 },
        // On the compliance date (--as-of 2027-01-04): CMS-0057-F becomes UNCOVERED (0 of 2)
        { Payer, PayerDeadline, "cms-0057f-apis", "UNCOVERED", 0, null, 1.0 },
        // Privacy official: 45 CFR 164.530(a) is COVERED; 12-month probability 0.023
        { Payer, Today, "hipaa-priv-164.530a", "COVERED", null, null, 0.023 },
        // Security official: 164.308(a)(2) is COVERED with probability 0.023
        { Payer, Today, "hipaa-sec-164.308a2", "COVERED", null, null, 0.023 },
        // All 27 other applicable obligations are COVERED, including the voluntary NIST CSF ...
        { Payer, Today, "nist-csf2-gv.rr", "COVERED", null, null, null },
        // ... (NIST CSF PR.AT) ...
        { Payer, Today, "nist-csf2-pr.at", "COVERED", null, null, null },
        // ... and HHS CPG items ...
        { Payer, Today, "hhs-cpg-essential", "COVERED", null, null, null },
        // ... and the proposed HIPAA Security Rule update
        { Payer, Today, "hipaa-sec-nprm-2025", "COVERED", null, null, null },
    };

    [Theory]
    [MemberData(nameof(TexasObligations))]
    [MemberData(nameof(NewYorkObligations))]
    [MemberData(nameof(PayerObligations))]
    public async Task Obligation_HasTheStatusTheReadmeTells(string sample, string scenario, string obligationId, string status, int? qualified, string? keyPeople, double? probability)
    {
        var obligation = Obligation(await AssessAsync(sample, scenario), obligationId);
        var whenInForce = status.Contains(" (would be ", StringComparison.Ordinal) ? status.Split(" (would be ")[1].TrimEnd(')') : null;
        Assert.Equal(status.Split(' ')[0], obligation.GetProperty("status").GetString());
        if (whenInForce is not null) Assert.Equal(whenInForce, obligation.GetProperty("statusWhenInForce").GetString());
        if (qualified is { } q) Assert.Equal(q, obligation.GetProperty("qualifiedCount").GetInt32());
        if (keyPeople is not null)
            Assert.Equal(keyPeople.Split(',', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal),
                obligation.GetProperty("keyPeople").EnumerateArray().Select(k => k.GetString()!).Order(StringComparer.Ordinal));
        if (probability is { } p) AssertShownAs(p, obligation.GetProperty("probabilityUncovered12m").GetDouble());
    }

    // ───────────────────────────── obligation details: sample, scenario, obligationId, what, value

    public static TheoryData<string, string, string, string, string> ObligationDetails => new()
    {
        // Texas §4: 164.312(e) is also FRAGILE because only external people qualify
        { Tx, Today, "hipaa-sec-164.312e", "externalOnly", "true" },
        // New York §4: every qualified IAM engineer is a Keystone contractor (164.308(a)(4) rests on external people only)
        { Ny, Today, "hipaa-sec-164.308a4", "externalOnly", "true" },
        // New York §2, --as-of 2027-02-16: 164.308(a)(2) gets a NOT_DESIGNATED finding: "E4002 is qualified as backup, but no qualified person holds the seat as primary or interim"
        { Ny, NyRenewalsSlip, "hipaa-sec-164.308a2", "finding", "NOT_DESIGNATED: E4002 is qualified as backup, but no qualified person holds the seat as primary or interim" },
        // New York §2, --as-of 2027-02-16: ... so does the 405.46 designated-CISO obligation ...
        { Ny, NyRenewalsSlip, "ny-405.46-program", "finding", "NOT_DESIGNATED: E4002 is qualified as backup, but no qualified person holds the seat as primary or interim" },
        // New York §2, --as-of 2027-02-16: ... and PCI DSS 12.1.3
        { Ny, NyRenewalsSlip, "pci-12.1.3", "finding", "NOT_DESIGNATED: E4002 is qualified as backup, but no qualified person holds the seat as primary or interim" },
        // New York §1: CMS-0057-F is listed under obligationsNotApplicable because it applies to payers
        { Ny, Today, "cms-0057f-apis", "notApplicable", "true" },
        // Payer: five people qualify today against 2 needed, but they are all external
        { Payer, Today, "cms-0057f-apis", "externalOnly", "true" },
        // Payer: the hospital-only obligations are not applicable: Cures Act information blocking ...
        { Payer, Today, "cures-ib-part171", "notApplicable", "true" },
        // Payer: ... HTI-1 ...
        { Payer, Today, "onc-hti1-dsi", "notApplicable", "true" },
        // Payer: ... the Medicare Promoting Interoperability measures (security risk analysis ...
        { Payer, Today, "cms-pi-hosp-sra", "notApplicable", "true" },
        // Payer: ... and SAFER Guides)
        { Payer, Today, "cms-pi-hosp-safer", "notApplicable", "true" },
        // Payer: the state rules for New York (405.46 program ...
        { Payer, Today, "ny-405.46-program", "notApplicable", "true" },
        // Payer: ... and 72-hour reporting) ...
        { Payer, Today, "ny-405.46-report", "notApplicable", "true" },
        // Payer: ... and Texas are not applicable
        { Payer, Today, "tx-hsc-181.101", "notApplicable", "true" },
        // Payer: it does not take cards, so the PCI DSS items are not applicable either (12.1.3 ...
        { Payer, Today, "pci-12.1.3", "notApplicable", "true" },
        // Payer: ... and 12.6)
        { Payer, Today, "pci-12.6", "notApplicable", "true" },
    };

    [Theory]
    [MemberData(nameof(ObligationDetails))]
    public async Task Obligation_HasTheDetailTheReadmeTells(string sample, string scenario, string obligationId, string what, string value)
    {
        var assessment = await AssessAsync(sample, scenario);
        switch (what)
        {
            case "notApplicable":
                Assert.Contains(obligationId, assessment.GetProperty("obligationsNotApplicable").EnumerateArray().Select(x => x.GetString()));
                break;
            case "externalOnly":
                Assert.Equal(bool.Parse(value), Obligation(assessment, obligationId).GetProperty("externalOnly").GetBoolean());
                break;
            case "finding":
                Assert.Contains(value, Obligation(assessment, obligationId).GetProperty("findings").EnumerateArray().Select(FindingText));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(what), what, "unknown detail");
        }
    }

    // ───────────────────────────── loss events: sample, scenario, obligationId, people, probability, reason fragment, the only event

    public static TheoryData<string, string, string, string, double, string, bool> LossEvents => new()
    {
        // Texas §2: the SAFER Guides loss events count Carla's departure as certain (probability 1, "leaves on 2027-01-15")
        { Tx, Today, "cms-pi-hosp-safer", "E1015", 1.0, "leaves on 2027-01-15", false },
        // Texas §2: the 0.150 shown is the chance of also losing Janet
        { Tx, Today, "cms-pi-hosp-safer", "E1017", 0.150, "employee annual rate 0.15", false },
        // Texas §4: 164.312(e)'s one loss event is "vendor contract Lonestar Managed IT (msp): members leave together, annual rate 0.2"
        { Tx, Today, "hipaa-sec-164.312e", "C5001,C5002", 0.200, "vendor contract Lonestar Managed IT (msp): members leave together, annual rate 0.2", true },
        // New York §2: the loss-event lists show the CISO with probability 1, "qualification rests on cissp (expires 2027-01-31), hcispp (expires 2027-02-15)" (designated security official)
        { Ny, Today, "hipaa-sec-164.308a2", "E4001", 1.0, "qualification rests on cissp (expires 2027-01-31), hcispp (expires 2027-02-15)", false },
        // New York §2: the same in the obligations that stay COVERED (security risk analysis)
        { Ny, Today, "hipaa-sec-164.308a1iia", "E4001", 1.0, "qualification rests on cissp (expires 2027-01-31), hcispp (expires 2027-02-15)", false },
        // New York §2: the 0.150 is the deputy's own attrition
        { Ny, Today, "hipaa-sec-164.308a2", "E4002", 0.150, "employee annual rate 0.15", false },
        // New York §4: 0.300 from a single loss event: "vendor contract Keystone Identity Partners (contractor): members leave together, annual rate 0.3" (164.308(a)(4))
        { Ny, Today, "hipaa-sec-164.308a4", "C7001,C7002,C7003,C7004", 0.300, "vendor contract Keystone Identity Partners (contractor): members leave together, annual rate 0.3", true },
        // New York §4: ... the same single event for access control, 164.312(a)
        { Ny, Today, "hipaa-sec-164.312a", "C7001,C7002,C7003,C7004", 0.300, "vendor contract Keystone Identity Partners (contractor): members leave together, annual rate 0.3", true },
        // New York §4: ... and for authentication, 164.312(d)
        { Ny, Today, "hipaa-sec-164.312d", "C7001,C7002,C7003,C7004", 0.300, "vendor contract Keystone Identity Partners (contractor): members leave together, annual rate 0.3", true },
        // Payer: the single loss event is "vendor contract Meridian Interoperability Partners (contractor): members leave together … X3001 contract ends on 2026-12-18; …"
        { Payer, Today, "cms-0057f-apis", "X3001,X3002,X3003,X3004,X3005", 1.0, "vendor contract Meridian Interoperability Partners (contractor): members leave together, annual rate 0.3; X3001 contract ends on 2026-12-18; X3002 contract ends on 2026-12-18", true },
    };

    [Theory]
    [MemberData(nameof(LossEvents))]
    public async Task LossEvent_IsTheOneTheReadmeQuotes(string sample, string scenario, string obligationId, string people, double probability, string reason, bool only)
    {
        var events = Obligation(await AssessAsync(sample, scenario), obligationId).GetProperty("lossEvents").EnumerateArray().ToList();
        var who = people.Split(',').Order(StringComparer.Ordinal).ToList();
        var matching = events.Where(e => e.GetProperty("people").EnumerateArray().Select(p => p.GetString()!).Order(StringComparer.Ordinal).SequenceEqual(who)).ToList();
        var listed = string.Join(" | ", events.Select(e => $"[{string.Join(",", e.GetProperty("people").EnumerateArray().Select(p => p.GetString()))}] {e.GetProperty("reason").GetString()}"));
        var loss = Assert.Single(matching);
        AssertShownAs(probability, loss.GetProperty("probability").GetDouble());
        Assert.Contains(reason, loss.GetProperty("reason").GetString()!, StringComparison.Ordinal);
        if (only) Assert.True(events.Count == 1, $"{obligationId} has more than one loss event: {listed}");
    }

    // ───────────────────────────── warnings: sample, scenario, row, code, column, message or hint fragment

    public static TheoryData<string, string, int, string, string, string?> Warnings => new()
    {
        // Texas §7 row 4: DEPARTED, E1002 the former security officer left on 2026-09-05 (column as written: Planned Departure)
        { Tx, Today, 4, "DEPARTED", "Planned Departure", "E1002 left on 2026-09-05" },
        // Texas §7 row 17: ROLE_NEAR_MATCH 'Help Desk Technican': "did you mean 'Help Desk Technician' (service-desk)?"
        { Tx, Today, 17, "ROLE_NEAR_MATCH", "Position", "did you mean 'Help Desk Technician' (service-desk)?" },
        // Texas §7 row 26: ROLE_UNKNOWN 'Nurse Manager'
        { Tx, Today, 26, "ROLE_UNKNOWN", "Position", "'Nurse Manager'" },
        // Texas §7 row 27: ROLE_UNKNOWN 'Patient Access Supervisor'
        { Tx, Today, 27, "ROLE_UNKNOWN", "Position", "'Patient Access Supervisor'" },
        // New York §6 row 26: DATE_AMBIGUOUS in HIPAA Training Date; '11/12/2025' read month-first as 2025-11-12
        { Ny, Today, 26, "DATE_AMBIGUOUS", "HIPAA Training Date", "read as 2025-11-12" },
        // New York §6 row 28: PERSON_CONFLICT in Worker Type; the rows disagree on employment type and the tool keeps 'employee' from row 27
        { Ny, Today, 28, "PERSON_CONFLICT", "Worker Type", "row 27 gives employment type 'employee', row 28 gives 'contractor'; kept 'employee' (row 27)" },
        // New York §6 row 29: CERT_UNKNOWN in Certs; 'HCISP', "Did you mean 'HealthCare Information Security and Privacy Practitioner (HCISPP)'?"
        { Ny, Today, 29, "CERT_UNKNOWN", "Certs", "Did you mean 'HealthCare Information Security and Privacy Practitioner (HCISPP)'?" },
        // New York §2, --as-of 2027-02-16: a DEPARTED warning on row 16, column Notice Date, once E4020 has left
        { Ny, NyRenewalsSlip, 16, "DEPARTED", "Notice Date", "E4020" },
        // Payer, on the compliance date: the five Meridian contractors get CONTRACT_ENDED warnings (rows 52–56): row 52 ...
        { Payer, PayerDeadline, 52, "CONTRACT_ENDED", "contract_end_date", "X3001" },
        // ... row 53 ...
        { Payer, PayerDeadline, 53, "CONTRACT_ENDED", "contract_end_date", "X3002" },
        // ... row 54 ...
        { Payer, PayerDeadline, 54, "CONTRACT_ENDED", "contract_end_date", "X3003" },
        // ... row 55 ...
        { Payer, PayerDeadline, 55, "CONTRACT_ENDED", "contract_end_date", "X3004" },
        // ... row 56
        { Payer, PayerDeadline, 56, "CONTRACT_ENDED", "contract_end_date", "X3005" },
    };

    [Theory]
    [MemberData(nameof(Warnings))]
    public async Task Warning_IsTheOneTheReadmeLists(string sample, string scenario, int row, string code, string column, string? text)
    {
        var warnings = (await AssessAsync(sample, scenario)).GetProperty("warnings").EnumerateArray().ToList();
        var listed = string.Join(" | ", warnings.Select(w => $"row {w.GetProperty("row").GetInt32()} {w.GetProperty("code").GetString()}"));
        var warning = warnings.SingleOrDefault(w => w.GetProperty("row").GetInt32() == row && w.GetProperty("code").GetString() == code);
        Assert.True(warning.ValueKind == JsonValueKind.Object, $"{sample} {scenario}: no {code} on row {row}; warnings are [{listed}]");
        Assert.Equal(column, warning.GetProperty("column").GetString());
        if (text is not null)
            Assert.Contains(text, $"{warning.GetProperty("message").GetString()} {warning.GetProperty("hint").GetString()}", StringComparison.Ordinal);
    }

    // ───────────────────────────── counts: sample, scenario, what, count

    public static TheoryData<string, string, string, int> Counts => new()
    {
        // Texas headline: UNCOVERED 9
        { Tx, Today, "UNCOVERED", 9 },
        // Texas headline: FRAGILE 12
        { Tx, Today, "FRAGILE", 12 },
        // Texas headline: COVERED 13
        { Tx, Today, "COVERED", 13 },
        // Texas headline: UPCOMING 0
        { Tx, Today, "UPCOMING", 0 },
        // Texas headline and §7: 4 data-quality warnings
        { Tx, Today, "warnings", 4 },
        // Texas profile and roster: 29 rows ...
        { Tx, Today, "rows", 29 },
        // ... for 25 people
        { Tx, Today, "people", 25 },
        // New York headline: UNCOVERED 0 (no obligation is uncovered)
        { Ny, Today, "UNCOVERED", 0 },
        // New York headline: FRAGILE 10 (seven on the CISO's deputy, three on the IAM contractors)
        { Ny, Today, "FRAGILE", 10 },
        // New York headline: COVERED 26
        { Ny, Today, "COVERED", 26 },
        // New York headline: UPCOMING 0
        { Ny, Today, "UPCOMING", 0 },
        // New York headline and §6: 3 data-quality warnings
        { Ny, Today, "warnings", 3 },
        // New York §6: with row 26 written 2025-12-11 the DATE_AMBIGUOUS warning goes too, leaving 2
        { Ny, NyDateFixed, "warnings", 2 },
        // New York roster: 418 rows ...
        { Ny, Today, "rows", 418 },
        // ... for 400 people
        { Ny, Today, "people", 400 },
        // Payer headline: UNCOVERED 0
        { Payer, Today, "UNCOVERED", 0 },
        // Payer headline: FRAGILE 0
        { Payer, Today, "FRAGILE", 0 },
        // Payer headline and "All 27 other applicable obligations are COVERED": COVERED 27
        { Payer, Today, "COVERED", 27 },
        // Payer headline: UPCOMING 1 (CMS-0057-F)
        { Payer, Today, "UPCOMING", 1 },
        // Payer headline and "The roster has no data-quality warnings": 0 warnings
        { Payer, Today, "warnings", 0 },
        // Payer roster: 55 rows ...
        { Payer, Today, "rows", 55 },
        // ... for 53 people
        { Payer, Today, "people", 53 },
    };

    [Theory]
    [MemberData(nameof(Counts))]
    public async Task Count_IsTheOneTheReadmeStates(string sample, string scenario, string what, int count)
    {
        var assessment = await AssessAsync(sample, scenario);
        var actual = what switch
        {
            "warnings" => assessment.GetProperty("warnings").GetArrayLength(),
            "rows" => assessment.GetProperty("roster").GetProperty("rows").GetInt32(),
            "people" => assessment.GetProperty("roster").GetProperty("people").GetInt32(),
            _ => assessment.GetProperty("obligations").EnumerateArray().Count(o => o.GetProperty("status").GetString() == what),
        };
        Assert.Equal(count, actual);
    }

    // ───────────────────────────── the README's headline quote is the headline the tool prints

    [Theory]
    [InlineData(Tx)]
    [InlineData(Ny)]
    [InlineData(Payer)]
    public async Task ReadmeHeadline_IsTheHeadlineTheToolPrints(string sample)
    {
        var folder = Path.Combine(Cli.RepositoryRoot, "samples", sample);
        var quoted = File.ReadLines(Path.Combine(folder, "README.md"))
            .Where(l => l.StartsWith('>') && l.Contains("roles in scope are fragile", StringComparison.Ordinal))
            .Select(l => l.TrimStart('>').Trim()).ToList();
        var run = await Cli.RunAsync("assess", Path.Combine(folder, "roster.csv"), "--profile", Path.Combine(folder, "profile.json"), "--as-of", AsOf);
        Assert.True(run.ExitCode == 0, run.Stderr);
        var printed = run.Stdout.Split('\n').Select(l => l.Trim()).Where(l => l.Contains("roles in scope are fragile", StringComparison.Ordinal)).ToList();
        Assert.Equal(Assert.Single(printed), Assert.Single(quoted));
    }

    // ───────────────────────────── helpers

    private static readonly ConcurrentDictionary<(string Sample, string Scenario), Lazy<Task<JsonElement>>> Runs = new();

    /// <summary>The JSON assessment of a sample for a scenario, run once per test session.</summary>
    private static Task<JsonElement> AssessAsync(string sample, string scenario) =>
        Runs.GetOrAdd((sample, scenario), key => new Lazy<Task<JsonElement>>(() => RunAsync(key.Sample, key.Scenario))).Value;

    private static async Task<JsonElement> RunAsync(string sample, string scenario)
    {
        var folder = Path.Combine(Cli.RepositoryRoot, "samples", sample);
        var roster = Path.Combine(folder, "roster.csv");
        var extra = new List<string>();
        if (scenario.StartsWith("fix:", StringComparison.Ordinal))
        {
            var parts = scenario["fix:".Length..].Split("=>");
            var text = File.ReadAllText(roster);
            Assert.True(text.Split(parts[0]).Length == 2, $"'{parts[0]}' is not exactly once in {roster}");
            roster = Cli.TempFile("roster.csv", text.Replace(parts[0], parts[1], StringComparison.Ordinal));
        }
        else if (scenario.Length > 0)
            extra.AddRange(scenario.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        if (!extra.Contains("--as-of")) extra.AddRange(["--as-of", AsOf]);
        var run = await Cli.RunAsync(["assess", roster, "--profile", Path.Combine(folder, "profile.json"), "--format", "json", .. extra]);
        Assert.True(run.ExitCode == 0, $"{sample} {scenario}: exit {run.ExitCode}: {run.Stderr}");
        using var document = JsonDocument.Parse(run.Stdout);
        return document.RootElement.Clone();
    }

    private static JsonElement Role(JsonElement assessment, string roleId)
    {
        var roles = assessment.GetProperty("roles").EnumerateArray().Where(r => r.GetProperty("roleId").GetString() == roleId).ToList();
        Assert.True(roles.Count == 1, $"role {roleId} is not assessed exactly once");
        return roles[0];
    }

    private static JsonElement Obligation(JsonElement assessment, string obligationId)
    {
        var obligations = assessment.GetProperty("obligations").EnumerateArray().Where(o => o.GetProperty("obligationId").GetString() == obligationId).ToList();
        Assert.True(obligations.Count == 1, $"obligation {obligationId} is not assessed exactly once");
        return obligations[0];
    }

    private static string? PersonOf(JsonElement flag) =>
        flag.TryGetProperty("personId", out var person) && person.ValueKind == JsonValueKind.String ? person.GetString() : null;

    private static string Describe(JsonElement role) =>
        string.Join(", ", role.GetProperty("flags").EnumerateArray().Select(f => $"{f.GetProperty("code").GetString()} {PersonOf(f)}".TrimEnd()));

    private static string FindingText(JsonElement finding) => finding.ValueKind == JsonValueKind.String
        ? finding.GetString()!
        : $"{finding.GetProperty("code").GetString()}: {finding.GetProperty("message").GetString()}";

    /// <summary>A README quotes probabilities as the table shows them, to three decimals.</summary>
    private static void AssertShownAs(double shown, double actual) =>
        Assert.True(Math.Abs(actual - shown) <= 0.0005 + 1e-9,
            $"probability {actual.ToString(CultureInfo.InvariantCulture)} is not shown as {shown.ToString("0.000", CultureInfo.InvariantCulture)}");
}
