namespace ComplianceRisk.Documents.Rosters;

/// <summary>Why a roster document cannot be assessed at all: one clear error, with what to do about it.</summary>
public sealed record RosterRejection(string Code, string Message, string Hint, int? Row = null, string? Column = null)
{
    public override string ToString()
    {
        var where = (Row, Column) switch
        {
            (int r, string c) => $" (row {r}, column {c})",
            (int r, null) => $" (row {r})",
            (null, string c) => $" (column {c})",
            _ => "",
        };
        return $"{Message}{where}. {Hint}";
    }
}

/// <summary>Thrown by table readers deep inside a read; the import boundary turns it into a <see cref="RosterRejection"/>.</summary>
public sealed class RosterRejectedException(RosterRejection rejection) : Exception(rejection.ToString())
{
    public RosterRejection Rejection { get; } = rejection;
}
