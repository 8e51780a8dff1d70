namespace ComplianceRisk.Functions.Handler;

/// <summary>
/// The <c>pseudonymize</c> query parameter, read one way by every route that answers a register (api/assess,
/// api/registers and an organization's stored register). The routes take it as text rather than let the framework
/// bind a bool, whose failure is a bare 400 that says neither which parameter nor what to send.
/// </summary>
public static class PseudonymizeParameter
{
    public const string Name = "pseudonymize";

    /// <summary>
    /// Absent is false; true and false in any letter case (a .NET caller's <c>bool.ToString()</c> writes "True"); anything
    /// else is the problem with it.
    /// </summary>
    public static (bool Value, QueryProblem? Problem) Read(string? text) => text switch
    {
        null => (false, null),
        _ when text.Equals("true", StringComparison.OrdinalIgnoreCase) => (true, null),
        _ when text.Equals("false", StringComparison.OrdinalIgnoreCase) => (false, null),
        _ => (false, new QueryProblem(Name, $"'{text}' is not true or false.")),
    };
}

/// <summary>A query parameter whose value cannot be used: the 400's title names the parameter, its detail says what to send.</summary>
public sealed record QueryProblem(string Parameter, string Detail)
{
    public string Title => $"Invalid query parameter '{Parameter}'";
}
