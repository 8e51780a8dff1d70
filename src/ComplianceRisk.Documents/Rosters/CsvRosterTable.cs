using System.Globalization;
using System.Text;
using ComplianceRisk.Engine.Rosters;
using CsvHelper;
using CsvHelper.Configuration;
using CsvHelper.Delegates;

namespace ComplianceRisk.Documents.Rosters;

/// <summary>
/// Reads a CSV roster through CsvHelper: the delimiter (, ; tab |) is detected, a BOM is honoured, quoted
/// fields may hold separators and line breaks. Row numbers count records as a spreadsheet program shows
/// them (header = row 1), blank lines included.
/// </summary>
public sealed class CsvRosterTable : IRosterTable
{
    private readonly StreamReader _reader;
    private readonly RosterLimits _limits;
    private readonly List<RosterWarning> _warnings = [];

    private readonly Stream _stream;
    private readonly IProgress<double>? _progress;

    /// <param name="progress">Receives the fraction of the document read, now and then.</param>
    public CsvRosterTable(Stream stream, RosterLimits limits, IProgress<double>? progress = null)
    {
        _stream = stream;
        _progress = progress;
        // Invalid UTF-8 becomes U+FFFD and is reported per cell, rather than failing the whole file.
        _reader = new StreamReader(stream, new UTF8Encoding(false, throwOnInvalidBytes: false), detectEncodingFromByteOrderMarks: true, bufferSize: 64 * 1024);
        _limits = limits;
    }

    /// <summary>What a CSV file is called where a workbook's messages name a sheet.</summary>
    public const string SheetName = "CSV";

    public string Sheet => SheetName;

    public IReadOnlyList<RosterWarning> Warnings => _warnings;

    public IEnumerable<TableRow> ReadRows()
    {
        var row = 0;
        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            DetectDelimiter = true,
            DetectDelimiterValues = [",", ";", "\t", "|"],
            GetDelimiter = DetectSeparator,
            IgnoreBlankLines = false,
            BadDataFound = args => _warnings.Add(BadQuote(row, args.RawRecord)),
        };
        using var parser = new CsvParser(_reader, config);
        // One row's cells at a time, the same array for every row (TableRow: valid until the next row is read).
        var cells = new CellValue[16];
        var sawSeparatorLine = false;
        while (true)
        {
            bool more;
            try
            {
                more = parser.Read();
            }
            catch (CsvHelperException e)
            {
                throw new RosterRejectedException(new RosterRejection("CSV_UNREADABLE",
                    $"The CSV file cannot be parsed after row {row}: {e.GetType().Name}", "Save the roster again as CSV (UTF-8) from your spreadsheet program", row + 1));
            }
            if (!more) yield break;
            // Excel's separator line ("sep=;") is not shown as a row when Excel opens the file: the header is row 1.
            if (row == 0 && !sawSeparatorLine && SeparatorLine(parser.RawRecord) is not null)
            {
                sawSeparatorLine = true;
                continue;
            }
            row++;
            if (_progress is not null && (row & 0xFFF) == 0 && _stream.CanSeek && _stream.Length > 0)
                _progress.Report((double)_stream.Position / _stream.Length);
            if (row > _limits.MaxRows)
                throw new RosterRejectedException(new RosterRejection("TOO_MANY_ROWS",
                    $"The file has more than {_limits.MaxRows:N0} rows", "Split the roster, or assess one organization at a time", row));
            var count = parser.Count;
            if (count > _limits.MaxColumns)
                throw new RosterRejectedException(new RosterRejection("TOO_MANY_COLUMNS",
                    $"Row {row} has {count:N0} columns; the limit is {_limits.MaxColumns:N0}", "Remove the extra columns; a roster needs about 16", row));
            if (count > cells.Length) cells = new CellValue[Math.Max(count, 2 * cells.Length)];
            for (var i = 0; i < count; i++)
            {
                var field = parser[i];
                if (field.Length > _limits.MaxCellLength)
                {
                    cells[i] = CellValue.Empty;
                    _warnings.Add(new RosterWarning(Sheet, row, ColumnLetters(i), $"{field.Length:N0} characters", "CELL_TOO_LONG",
                        $"Row {row}, column {ColumnLetters(i)} holds {field.Length:N0} characters (the limit is {_limits.MaxCellLength:N0}); the value was ignored",
                        "Shorten the cell; roster cells hold ids, names, dates and short lists"));
                    continue;
                }
                if (field.Contains('\uFFFD'))
                    _warnings.Add(new RosterWarning(Sheet, row, ColumnLetters(i), Clip(field), "INVALID_TEXT",
                        $"Row {row}, column {ColumnLetters(i)} contains bytes that are not valid UTF-8; they were replaced by �",
                        "Save the file as \"CSV UTF-8\" from your spreadsheet program"));
                cells[i] = CellValue.FromText(field);
            }
            yield return new TableRow(row, cells.AsMemory(0, count));
        }
    }

    /// <summary>
    /// A quote CsvHelper could not read as CSV quoting. When the record it is on runs over several lines, a quote was
    /// opened and not closed where the person meant: the lines after it were read into that row instead of as rows of
    /// their own, which is worth saying in those words (a roster cut to its first rows reads as all roles vacant).
    /// </summary>
    private RosterWarning BadQuote(int row, string record)
    {
        var swallowed = record.AsSpan().TrimEnd("\r\n").Count('\n');
        return swallowed == 0
            ? new RosterWarning(Sheet, row, null, Clip(record), "CSV_BAD_QUOTE",
                $"Row {row} has a quote character inside an unquoted field; it was read as written",
                "Put fields that contain quotes in double quotes and double the inner quotes (\"\")")
            : new RosterWarning(Sheet, row, null, Clip(record), "CSV_BAD_QUOTE",
                $"Row {row} opens a quote that is not closed where the row ends: the {swallowed:N0} line{(swallowed == 1 ? "" : "s")} after it {(swallowed == 1 ? "was" : "were")} read into row {row}, not as rows of their own",
                $"Close or remove the quote on row {row}; put fields that contain quotes in double quotes and double the inner quotes (\"\")");
    }

    /// <summary>
    /// The separator, from the start of the file CsvHelper has read: the candidate on the most lines, and of those the
    /// one found most often (then the order of the candidates). CsvHelper's own rule takes only a candidate found on
    /// every line, and a title row above the header (DESIGN §4) often has none: a semicolon or tab roster under a bare
    /// title was read as one column. Counting lines first keeps a title's or a list's occasional semicolon from
    /// outweighing the separator of every row; counting occurrences next, rather than asking each row for the same
    /// count, keeps rows a person shortened (trailing empty fields left out) from misleading it. Only text outside
    /// quotes counts, where a field may hold any separator. The configured separator (the comma) when no line has a
    /// candidate.
    /// </summary>
    private static string DetectSeparator(GetDelimiterArgs args)
    {
        if (SeparatorLine(args.Text) is { } stated) return stated;
        var quote = args.Configuration.Quote;
        var unquoted = new StringBuilder(args.Text.Length);
        var quoted = false;
        foreach (var ch in args.Text)
        {
            if (ch == quote) quoted = !quoted;
            else if (!quoted) unquoted.Append(ch);
        }
        var lines = unquoted.ToString().Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries);
        // The last line may be cut off where the read stopped, unless it is the only one.
        var whole = lines.Length > 1 && !args.Text.EndsWith('\n') && !args.Text.EndsWith('\r') ? lines[..^1] : lines;
        string? best = null;
        (int Lines, int Occurrences) bestScore = (0, 0);
        foreach (var candidate in args.Configuration.DetectDelimiterValues)
        {
            var counts = whole.Select(line => line.AsSpan().Count(candidate.AsSpan())).Where(count => count > 0).ToList();
            var score = (counts.Count, counts.Sum());
            if (score.CompareTo(bestScore) > 0) (best, bestScore) = (candidate, score);
        }
        return best ?? args.Configuration.Delimiter;
    }

    /// <summary>
    /// The separator a first line such as "sep=;" states (Excel writes and honours it, and hides the line), or null
    /// when the text does not start with one.
    /// </summary>
    private static string? SeparatorLine(string text)
    {
        var line = text.AsSpan();
        if (line.IndexOfAny('\r', '\n') is var end and >= 0) line = line[..end];
        return line.Length == 5 && line.StartsWith("sep=", StringComparison.OrdinalIgnoreCase) ? line[4..].ToString() : null;
    }

    /// <summary>A, B, … Z, AA … as spreadsheet programs name columns.</summary>
    public static string ColumnLetters(int index)
    {
        var letters = "";
        for (var n = index + 1; n > 0; n = (n - 1) / 26) letters = (char)('A' + (n - 1) % 26) + letters;
        return letters;
    }

    private static string Clip(string value) => value.Length <= 80 ? value : value[..77] + "…";

    public void Dispose() => _reader.Dispose();
}
