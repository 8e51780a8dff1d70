namespace ComplianceRisk.Documents.Rosters;

/// <summary>
/// A cell as the document stored it. CSV gives only text; spreadsheets also give numbers, real dates and
/// booleans, and the importer reads each the same way whatever the format.
/// </summary>
public readonly record struct CellValue
{
    private CellValue(CellKind kind, string? text, double number, DateOnly date, bool boolean) =>
        (Kind, Text, Number, Date, Boolean) = (kind, text, number, date, boolean);

    public CellKind Kind { get; }
    public string? Text { get; }
    public double Number { get; }
    public DateOnly Date { get; }
    public bool Boolean { get; }

    public static CellValue Empty => default;
    public static CellValue FromText(string? text) => string.IsNullOrWhiteSpace(text) ? Empty : new(CellKind.Text, text, 0, default, false);
    public static CellValue FromNumber(double number) => new(CellKind.Number, null, number, default, false);
    public static CellValue FromDate(DateOnly date) => new(CellKind.Date, null, 0, date, false);
    public static CellValue FromBoolean(bool value) => new(CellKind.Boolean, null, 0, default, value);

    public bool IsEmpty => Kind == CellKind.Empty;

    /// <summary>The value as a person would read it in the cell (used in messages and for text fields).</summary>
    public override string ToString() => Kind switch
    {
        CellKind.Text => Text!,
        CellKind.Number => Number.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        CellKind.Date => Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        CellKind.Boolean => Boolean ? "TRUE" : "FALSE",
        _ => "",
    };
}

public enum CellKind { Empty, Text, Number, Date, Boolean }

/// <summary>One physical row, numbered as a spreadsheet program shows it.</summary>
/// <remarks>
/// Its cells are the reader's buffer, valid until the next row is read: a large roster's rows then cost no array
/// each. Whoever holds on to a row past that holds a copy (<see cref="Keep"/>).
/// </remarks>
public readonly record struct TableRow(int Number, ReadOnlyMemory<CellValue> Cells)
{
    /// <summary>The row with cells of its own, valid for good.</summary>
    public TableRow Keep() => this with { Cells = Cells.ToArray() };

    /// <summary>Whether a cell names the employee id column: the mark of a header row.</summary>
    public bool NamesEmployeeId()
    {
        foreach (var cell in Cells.Span)
            if (cell.Text is { } text && RosterColumns.Find(text) == RosterColumns.EmployeeId) return true;
        return false;
    }
}

/// <summary>
/// A roster document seen as rows of cells, read forward once. Each format (CSV, XLSX) implements it; the
/// <see cref="RosterImporter"/> does the rest, so every format gives the same warnings and row numbers.
/// Readers throw <see cref="RosterRejectedException"/> for a document that cannot be read at all.
/// </summary>
public interface IRosterTable : IDisposable
{
    /// <summary>Sheet name for messages ("CSV" for a CSV file).</summary>
    string Sheet { get; }

    /// <summary>The rows in order; each row's cells are valid until the next row is read (<see cref="TableRow"/>).</summary>
    IEnumerable<TableRow> ReadRows();

    /// <summary>Problems the reader itself found (encoding, bad quoting), in row order.</summary>
    IReadOnlyList<Engine.Rosters.RosterWarning> Warnings { get; }
}
