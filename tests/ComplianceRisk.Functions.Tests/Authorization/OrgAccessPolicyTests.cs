using System.Text;
using System.Text.Json.Nodes;
using ComplianceRisk.Functions.Handler.Authorization;

namespace ComplianceRisk.Functions.Tests.Authorization;

/// <summary>DESIGN §7's authorization table, decided for every role and action, and the header it trusts.</summary>
public sealed class OrgAccessPolicyTests
{
    private const string HospitalOfficers = "11111111-0000-0000-0000-000000000001";
    private const string HospitalCio = "11111111-0000-0000-0000-000000000002";
    private const string ClinicOfficers = "22222222-0000-0000-0000-000000000001";

    private static readonly AuthorizationSettings Settings = new(true, AuthorizationSettings.ParseMappings("""
        [
          { "group": "11111111-0000-0000-0000-000000000001", "org": "community-hospital-tx", "role": "ComplianceOfficer" },
          { "group": "11111111-0000-0000-0000-000000000002", "org": "community-hospital-tx", "role": "CIO" },
          { "appRole": "Board.community-hospital-tx", "org": "community-hospital-tx", "role": "Board" },
          { "group": "22222222-0000-0000-0000-000000000001", "org": "rural-clinic-ny", "role": "ComplianceOfficer" }
        ]
        """));

    /// <summary>An App Service principal header as the platform writes it: base64 of the JSON, Entra's claim types.</summary>
    internal static string Principal(string name, string[]? groups = null, string[]? roles = null)
    {
        var claims = new JsonArray { new JsonObject { ["typ"] = "name", ["val"] = name } };
        foreach (var group in groups ?? []) claims.Add(new JsonObject { ["typ"] = "groups", ["val"] = group });
        foreach (var role in roles ?? []) claims.Add(new JsonObject { ["typ"] = "roles", ["val"] = role });
        var principal = new JsonObject { ["auth_typ"] = "aad", ["name_typ"] = "name", ["role_typ"] = "roles", ["claims"] = claims };
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(principal.ToJsonString()));
    }

    private static readonly Dictionary<string, string> Callers = new()
    {
        ["officer"] = Principal("olivia@hospital.example", groups: [HospitalOfficers]),
        ["cio"] = Principal("carl@hospital.example", groups: [HospitalCio]),
        ["board"] = Principal("bea@hospital.example", roles: ["Board.community-hospital-tx"]),
        ["board+cio"] = Principal("bob@hospital.example", groups: [HospitalCio], roles: ["Board.community-hospital-tx"]),
        ["clinic officer"] = Principal("cora@clinic.example", groups: [ClinicOfficers]),
        ["unmapped"] = Principal("uma@hospital.example", groups: ["99999999-0000-0000-0000-000000000009"]),
    };

    public static TheoryData<string, OrgAction, int, bool> Table => new()
    {
        // The compliance officer does everything in their organization.
        { "officer", OrgAction.ListHistory, 200, false },
        { "officer", OrgAction.ReadRegister, 200, false },
        { "officer", OrgAction.Read, 200, false },
        { "officer", OrgAction.Write, 200, false },
        // The CIO reads everything and changes nothing.
        { "cio", OrgAction.ListHistory, 200, false },
        { "cio", OrgAction.ReadRegister, 200, false },
        { "cio", OrgAction.Read, 200, false },
        { "cio", OrgAction.Write, 403, false },
        // The board sees the history and pseudonymized registers, nothing that names people, and changes nothing.
        { "board", OrgAction.ListHistory, 200, false },
        { "board", OrgAction.ReadRegister, 200, true },
        { "board", OrgAction.Read, 403, false },
        { "board", OrgAction.Write, 403, false },
        // Two roles: the stronger one decides, so a board member who is also CIO gets the register with names.
        { "board+cio", OrgAction.ReadRegister, 200, false },
        { "board+cio", OrgAction.Write, 403, false },
        // Another organization's officer, and a signed-in user nobody mapped, see nothing.
        { "clinic officer", OrgAction.ListHistory, 403, false },
        { "clinic officer", OrgAction.Write, 403, false },
        { "unmapped", OrgAction.ReadRegister, 403, false },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void Decides_each_role_and_action_in_community_hospital_tx(string caller, OrgAction action, int status, bool pseudonymizedOnly)
    {
        var decision = new OrgAccessPolicy(Settings).Decide(Callers[caller], "community-hospital-tx", action);

        if (status == 200)
        {
            var allowed = Assert.IsType<AccessDecision.Allowed>(decision);
            Assert.Equal(pseudonymizedOnly, allowed.PseudonymizedOnly);
        }
        else
        {
            Assert.Equal(status, Assert.IsType<AccessDecision.Denied>(decision).Status);
        }
    }

    [Fact]
    public void The_clinic_officer_is_allowed_in_their_own_organization()
    {
        var decision = new OrgAccessPolicy(Settings).Decide(Callers["clinic officer"], "rural-clinic-ny", OrgAction.Write);

        var allowed = Assert.IsType<AccessDecision.Allowed>(decision);
        Assert.Equal(OrgRole.ComplianceOfficer, allowed.Role);
        Assert.Equal("cora@clinic.example", allowed.Principal.Name);
    }

    [Fact]
    public void A_group_id_mapped_in_upper_case_hex_matches_the_tokens_lower_case_groups_claim()
    {
        // Portals and scripts print object ids in either case; the token's groups claim writes them in lower case.
        var settings = new AuthorizationSettings(true, AuthorizationSettings.ParseMappings("""
            [ { "group": "5D0C7A9E-3B1F-4C2A-9E8D-0A1B2C3D4E5F", "org": "community-hospital-tx", "role": "ComplianceOfficer" } ]
            """));

        var decision = new OrgAccessPolicy(settings).Decide(
            Principal("olivia@hospital.example", groups: ["5d0c7a9e-3b1f-4c2a-9e8d-0a1b2c3d4e5f"]), "community-hospital-tx", OrgAction.Write);

        Assert.Equal(OrgRole.ComplianceOfficer, Assert.IsType<AccessDecision.Allowed>(decision).Role);
    }

    [Fact]
    public void An_app_role_matches_only_in_the_case_the_admin_defined_it()
    {
        // App role values are the admin's own strings and Entra ID compares them exactly; so does the mapping.
        var decision = new OrgAccessPolicy(Settings).Decide(
            Principal("bea@hospital.example", roles: ["board.community-hospital-tx"]), "community-hospital-tx", OrgAction.ListHistory);

        Assert.Equal(403, Assert.IsType<AccessDecision.Denied>(decision).Status);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not base64!")]
    [InlineData("eyJub3QiOiJhIHByaW5jaXBhbCJ9")] // {"not":"a principal"}
    public void Without_a_readable_principal_the_answer_is_401(string? header)
    {
        var decision = new OrgAccessPolicy(Settings).Decide(header, "community-hospital-tx", OrgAction.ListHistory);

        Assert.Equal(401, Assert.IsType<AccessDecision.Denied>(decision).Status);
    }

    /// <summary>Headers that are base64 JSON but not a principal: a property written twice, the wrong shape, too deep, bytes that are not UTF-8.</summary>
    public static TheoryData<string> MalformedPrincipals()
    {
        static string Text(string json) => Convert.ToBase64String(Encoding.UTF8.GetBytes(json));
        byte[] notUtf8 = [.. Encoding.UTF8.GetBytes("""{"claims":[{"typ":"name","val":" """), 0xC3, 0x28, .. Encoding.UTF8.GetBytes("\"}]}")];
        return new TheoryData<string>
        {
            Text("""{"claims":[],"claims":[]}"""),
            Text("""{"name_typ":"name","name_typ":"x","claims":[{"typ":"name","val":"a"}]}"""),
            Text("""{"claims":[{"typ":"name","typ":"groups","val":"a"}]}"""),
            Text("""{"claims":[{"typ":"groups","val":"a","val":"b"}]}"""),
            Text("[1,2]"),
            Text(new string('[', 200) + new string(']', 200)),
            Convert.ToBase64String(notUtf8),
        };
    }

    [Theory]
    [MemberData(nameof(MalformedPrincipals))]
    public void A_principal_header_that_is_not_a_principal_is_401_never_an_exception(string header)
    {
        var decision = new OrgAccessPolicy(Settings).Decide(header, "community-hospital-tx", OrgAction.ListHistory);

        Assert.Equal(401, Assert.IsType<AccessDecision.Denied>(decision).Status);
        Assert.Null(ClientPrincipal.Parse(header));
    }

    [Fact]
    public void A_principal_header_is_not_trusted_while_the_platform_reports_authentication_off()
    {
        // Without App Service authentication nothing strips the header, so anyone could write it: a forged officer gets 401.
        var decision = new OrgAccessPolicy(Settings with { PlatformAuthenticationEnabled = false }).Decide(Callers["officer"], "community-hospital-tx", OrgAction.Read);

        var denied = Assert.IsType<AccessDecision.Denied>(decision);
        Assert.Equal(401, denied.Status);
        Assert.Contains("Sign-in is not enabled", denied.Detail);
    }

    [Theory]
    [InlineData("True", true)]
    [InlineData("true", true)]
    [InlineData("False", false)]
    [InlineData(null, false)]
    [InlineData("1", false)]
    public void Authentication_counts_as_on_only_when_the_platform_sets_WEBSITE_AUTH_ENABLED_to_true(string? value, bool enabled)
    {
        var settings = AuthorizationSettings.FromEnvironment(name => name == AuthorizationSettings.PlatformVariable ? value : null);

        Assert.Equal(enabled, settings.PlatformAuthenticationEnabled);
        Assert.Empty(settings.Mappings);
    }

    [Fact]
    public void With_no_mappings_configured_a_signed_in_user_sees_no_organization()
    {
        var decision = new OrgAccessPolicy(new AuthorizationSettings(true, [])).Decide(Callers["officer"], "community-hospital-tx", OrgAction.ListHistory);

        Assert.Equal(403, Assert.IsType<AccessDecision.Denied>(decision).Status);
    }

    [Theory]
    [InlineData("ab")]
    [InlineData("Community-Hospital")]
    [InlineData("../profiles")]
    [InlineData("community-hospital-tx\n")]
    public void An_org_outside_the_route_constraint_is_not_found_before_any_mapping_is_read(string org)
    {
        var decision = new OrgAccessPolicy(Settings).Decide(Callers["officer"], org, OrgAction.ListHistory);

        Assert.Equal(404, Assert.IsType<AccessDecision.Denied>(decision).Status);
        Assert.Equal(404, Assert.IsType<AccessDecision.Denied>(new OrgAccessPolicy(Settings).Decide(null, org, OrgAction.ListHistory)).Status);
    }

    [Theory]
    [InlineData("""{ "group": "g" }""", "is not a JSON array")]
    [InlineData("""[ { "org": "community-hospital-tx", "role": "CIO" } ]""", "[0] needs exactly one of \"group\" and \"appRole\"")]
    [InlineData("""[ { "group": "g", "appRole": "r", "org": "community-hospital-tx", "role": "CIO" } ]""", "[0] needs exactly one")]
    [InlineData("""[ { "group": "g", "org": "Community Hospital", "role": "CIO" } ]""", "[0].org 'Community Hospital' is not an organization id")]
    [InlineData("""[ { "group": "g", "org": "community-hospital-tx", "role": "Auditor" } ]""", "is not a JSON array")]
    public void Mappings_that_cannot_be_read_stop_the_start_with_the_reason(string json, string reason)
    {
        var error = Assert.Throws<InvalidOperationException>(() => AuthorizationSettings.ParseMappings(json));

        Assert.StartsWith(AuthorizationSettings.MappingsVariable, error.Message);
        Assert.Contains(reason, error.Message);
    }

    [Fact]
    public void The_principal_reads_the_role_claim_type_the_header_names()
    {
        var header = Convert.ToBase64String(Encoding.UTF8.GetBytes("""
            {"auth_typ":"aad","name_typ":"http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name","role_typ":"http://schemas.microsoft.com/ws/2008/06/identity/claims/role",
             "claims":[{"typ":"http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name","val":"olivia@hospital.example"},
                       {"typ":"http://schemas.microsoft.com/ws/2008/06/identity/claims/role","val":"Board.community-hospital-tx"},
                       {"typ":"groups","val":"g-1"}]}
            """));

        var principal = ClientPrincipal.Parse(header)!;

        Assert.Equal("olivia@hospital.example", principal.Name);
        Assert.Equal(["Board.community-hospital-tx"], principal.Roles);
        Assert.Equal(["g-1"], principal.Groups);
    }
}
