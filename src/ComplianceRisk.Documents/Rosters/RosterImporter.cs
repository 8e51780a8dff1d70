using System.Collections.Immutable;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using ComplianceRisk.Engine.Catalogs;
using ComplianceRisk.Engine.Organizations;
using ComplianceRisk.Engine.Rosters;

namespace ComplianceRisk.Documents.Rosters;

/// <summary>
/// Turns the rows of any roster document into people and their seats (DESIGN §4): finds the header,
/// maps column aliases, reads every value, merges each person's rows and resolves role titles without
/// guessing. Row problems become warnings and the row is used as far as possible; only a document with
/// no usable header is rejected.
/// </summary>
public sealed partial class RosterImporter
{
    /// <summary>The header must be within the first rows of the sheet (title rows above it are allowed).</summary>
    public const int HeaderSearchRows = 10;

    private readonly RosterLimits _limits;
    private readonly DateOrder _dateOrder;
    // An organization that says how it writes dates (policy.dateOrder) makes no assumption when 03/04/2026 is read
    // its way: DATE_AMBIGUOUS is for an order this tool assumed.
    private readonly bool _dateOrderStated;

    private CellRead<DateOnly> Assumed(CellRead<DateOnly> read) => _dateOrderStated ? read with { Caution = null } : read;
    private readonly NameMatcher _roles = new();
    private readonly NameMatcher _certifications = new();
    private readonly NameMatcher _competencies = new();

    public RosterImporter(Catalog catalog, OrganizationProfile profile, RosterLimits? limits = null)
    {
        _limits = limits ?? RosterLimits.Default;
        _dateOrder = profile.Policy.DateOrder
            ?? (profile.Jurisdictions.All(j => j is "EU" or "UK") ? DateOrder.DayFirst : DateOrder.MonthFirst);
        _dateOrderStated = profile.Policy.DateOrder is not null;
        // The organization's own aliases come first: they win over a catalog alias.
        foreach (var (alias, roleId) in profile.RoleAliases) _roles.Add(alias, roleId);
        foreach (var role in catalog.Roles)
        {
            _roles.Add(role.Id, role.Id, role.Title).Add(role.Title, role.Id);
            foreach (var alias in role.Aliases) _roles.Add(alias, role.Id);
        }
        foreach (var cert in catalog.Certifications)
        {
            _certifications.Add(cert.Id, cert.Id, cert.Name).Add(cert.Name, cert.Id);
            foreach (var spelling in cert.Spellings) _certifications.Add(spelling, cert.Id);
        }
        foreach (var competency in catalog.Competencies)
            _competencies.Add(competency.Id, competency.Id).Add(competency.Name, competency.Id);
    }

    /// <param name="Unnamed">A header cell left blank: a value below it is said to be outside the header, not dropped unseen.</param>
    private enum Target { Column, Skill, Ignored, Unnamed }

    // Reused row by row (an importer reads one table at a time): a row's values filed by their column's place
    // (Slot), an empty cell where the row gives none, rather than a dictionary entry for every cell.
    private readonly (CellValue Cell, string Header)[] _values = new (CellValue, string)[RosterColumns.All.Length];
    // Each column's header as the roster writes it, by Slot, for a warning about an empty cell; the column's canonical
    // name where the roster has no such column.
    private readonly string[] _headers = new string[RosterColumns.All.Length];
    private readonly List<(string Competency, CellValue Cell, string Header)> _skills = [];
    // The levels of a person's first row that gives any, read here and then shared (PersonDraft.ShareCompetencies).
    private Entries<int> _rowLevels;

    /// <param name="Slot">The column's place (<see cref="Slot"/>), for a cell read for a canonical column.</param>
    private sealed record HeaderCell(Target Target, RosterColumn? Column, string? Competency, string Header, int Slot = -1);

    /// <summary>
    /// Each canonical column's place in <see cref="RosterColumns.All"/>, worked out once: a row's values are filed and
    /// found by it, with no hashing per cell.
    /// </summary>
    private static class Slot
    {
        public static readonly int EmployeeId = Of(RosterColumns.EmployeeId), Name = Of(RosterColumns.Name), Role = Of(RosterColumns.Role),
            Assignment = Of(RosterColumns.Assignment), EmploymentType = Of(RosterColumns.EmploymentType), Vendor = Of(RosterColumns.Vendor),
            ContractEnd = Of(RosterColumns.ContractEnd), Fte = Of(RosterColumns.Fte), Site = Of(RosterColumns.Site), RoleStart = Of(RosterColumns.RoleStart),
            YearsExperience = Of(RosterColumns.YearsExperience), Certifications = Of(RosterColumns.Certifications), Competencies = Of(RosterColumns.Competencies),
            LastTraining = Of(RosterColumns.LastTraining), LastExercise = Of(RosterColumns.LastExercise), Departure = Of(RosterColumns.Departure);

        public static int Of(RosterColumn column) => RosterColumns.All.IndexOf(column);
    }

    /// <summary>Reads the whole table. Throws <see cref="RosterRejectedException"/> when it cannot be a roster.</summary>
    public Roster Import(IRosterTable table, string sha256)
    {
        var log = new WarningLog(table.Sheet, _limits.MaxWarnings);
        HeaderCell[]? header = null;
        TableRow? firstRow = null;
        var people = new Dictionary<string, PersonDraft>(StringComparer.Ordinal);
        var seats = new List<RoleAssignment>();
        var repeats = new List<(int Row, string Id)>();
        var shared = new SharedParts();
        var dataRows = 0;

        foreach (var row in table.ReadRows())
        {
            if (IsBlank(row)) continue;
            if (header is null)
            {
                firstRow ??= row.Keep();
                if (row.Number > HeaderSearchRows) throw NoHeader(firstRow.Value, table.Sheet);
                header = TryHeader(row, log);
                continue;
            }
            dataRows++;
            ReadRecord(row, header, people, seats, repeats, shared, log);
        }

        if (header is null)
        {
            if (firstRow is null)
            {
                // Rows whose every cell the reader had to drop (a cell past the length limit) leave nothing, not an empty file.
                if (table.Warnings is [var dropped, ..])
                    throw new RosterRejectedException(new RosterRejection("EMPTY", $"The roster holds nothing that could be read: {dropped.Message}", dropped.Hint, dropped.Row, dropped.Column));
                throw new RosterRejectedException(new RosterRejection("EMPTY", "The roster is empty", "Fill in the roster template, or export the roster with a header row"));
            }
            throw NoHeader(firstRow.Value, table.Sheet);
        }
        if (dataRows == 0)
            throw new RosterRejectedException(new RosterRejection("NO_DATA_ROWS", "The roster has a header row but no people",
                "Add one row per person and role below the header"));

        foreach (var draft in people.Values)
            if (draft.EmploymentType is { HasValue: true, Value: EmploymentType.Vendor or EmploymentType.Msp } && !draft.Vendor.HasValue)
                log.Add(draft.FirstRow, RosterColumns.Vendor.Name, "", "VENDOR_MISSING",
                    $"{draft.Id} is {draft.EmploymentType.Value.ToString().ToLowerInvariant()} staff but no vendor is named; they are assessed alone, at the {draft.EmploymentType.Value.ToString().ToLowerInvariant()} annual rate, not with others on the same contract",
                    "Name the company that supplies the person, so people on the same contract are assessed together", draft.Id);

        var warnings = OfTheirPeople(table.Warnings, people.Values, repeats).Concat(log.Build()).OrderBy(w => w.Row ?? 0).ToImmutableArray();
        // People by id (ordinal; ids are unique). Rosters are often listed by id already: sorted only when not.
        var drafts = people.Values.ToArray();
        for (var i = 1; i < drafts.Length; i++)
            if (string.CompareOrdinal(drafts[i - 1].Id, drafts[i].Id) > 0)
            {
                Array.Sort(drafts, static (a, b) => string.CompareOrdinal(a.Id, b.Id));
                break;
            }
        return new Roster
        {
            Sheet = table.Sheet,
            Columns = header.Where(h => h.Target == Target.Column).ToImmutableSortedDictionary(h => h.Column!.Name, h => h.Header, StringComparer.Ordinal),
            Sha256 = sha256,
            Rows = dataRows,
            People = ImmutableCollectionsMarshal.AsImmutableArray(Array.ConvertAll(drafts, p => p.Build(shared))),
            Assignments = [.. seats],
            Warnings = warnings,
        };
    }

    /// <summary>
    /// The reader's warnings (a cell or a row it could not read as written), each given the person whose row it is on,
    /// as the importer's own warnings about a row are. Matched once every row is read, since a reader reading ahead adds
    /// its warnings meanwhile, and through the people's rows rather than a map kept of every row: most rosters have
    /// no such warning.
    /// </summary>
    private static IEnumerable<RosterWarning> OfTheirPeople(IReadOnlyList<RosterWarning> warnings, IEnumerable<PersonDraft> people, List<(int Row, string Id)> repeats)
    {
        var ids = new Dictionary<int, string?>();
        foreach (var warning in warnings) if (warning is { Row: { } row, PersonId: null }) ids[row] = null;
        if (ids.Count == 0) return warnings;
        foreach (var person in people)
            foreach (var row in person.Rows)
                if (ids.ContainsKey(row)) ids[row] = person.Id;
        foreach (var (row, id) in repeats) if (ids.ContainsKey(row)) ids[row] = id;
        return warnings.Select(w => w is { Row: { } row, PersonId: null } && ids[row] is { } id ? w with { PersonId = id } : w);
    }

    private static bool IsBlank(TableRow row)
    {
        foreach (var cell in row.Cells.Span) if (!cell.IsEmpty) return false;
        return true;
    }

    private static RosterRejectedException NoHeader(TableRow firstRow, string sheet)
    {
        var workbook = sheet != CsvRosterTable.SheetName;
        var hint = $"Name the column that identifies people '{RosterColumns.EmployeeId.Name}' (or {string.Join(", ", RosterColumns.EmployeeId.Aliases.Select(a => $"'{a}'"))}) in a header row within the first {HeaderSearchRows} rows"
            + (workbook ? $"; the roster is read from the visible sheet named '{XlsxRosterTable.RosterSheetName}', else the first visible sheet with such a header, else the first visible sheet" : "");
        // A header saved with another separator than the file's is one cell holding the header's names: say so only
        // when it holds at least two roster columns' names, not for a title row that happens to hold a semicolon.
        if (firstRow.Cells.Span is [{ Text: { } only }])
            foreach (var separator in new[] { ';', '\t', '|', ',' })
                if (only.Split(separator).Count(name => RosterColumns.Find(name.Trim()) is not null) >= 2)
                {
                    hint = $"The first row is one cell that contains '{(separator == '\t' ? "tab" : separator.ToString())}': save the file with one consistent separator (comma, semicolon, tab or |) and a header row";
                    break;
                }
        return new RosterRejectedException(new RosterRejection("NO_EMPLOYEE_ID_COLUMN",
            $"No header row with an employee id column was found in the first {HeaderSearchRows} rows{(workbook ? $" of sheet '{sheet}'" : "")}", hint));
    }

    private HeaderCell[]? TryHeader(TableRow row, WarningLog log)
    {
        if (!row.NamesEmployeeId()) return null;
        for (var slot = 0; slot < _headers.Length; slot++) _headers[slot] = RosterColumns.All[slot].Name;
        var cells = new HeaderCell[row.Cells.Length];
        var seen = new Dictionary<RosterColumn, string>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < cells.Length; i++)
        {
            var text = row.Cells.Span[i].ToString().Trim();
            var letter = CsvRosterTable.ColumnLetters(i);
            if (text.Length == 0)
            {
                cells[i] = new HeaderCell(Target.Unnamed, null, null, letter);
                continue;
            }
            if (text.StartsWith(RosterColumns.SkillPrefix, StringComparison.OrdinalIgnoreCase))
            {
                var name = text[RosterColumns.SkillPrefix.Length..];
                if (_competencies.Resolve(name) is { } competency) cells[i] = new HeaderCell(Target.Skill, null, competency, text);
                else
                {
                    cells[i] = new HeaderCell(Target.Ignored, null, null, text);
                    log.Add(row.Number, text, text, "SKILL_COLUMN_UNKNOWN", $"Column '{text}' names no competency of the catalog; the column was ignored",
                        Suggest(_competencies.Suggest(name), s => $"Did you mean 'skill:{s}'?") ?? "Use 'skill:' followed by a competency id from the catalog (complianceRisk catalog export)");
                }
                continue;
            }
            var column = RosterColumns.Find(text);
            if (column is null)
            {
                cells[i] = new HeaderCell(Target.Ignored, null, null, text);
                log.Add(row.Number, text, text, "UNKNOWN_COLUMN", $"Column '{text}' is not a roster column; it was ignored",
                    "Rename it to a roster column if it holds roster data (see the template's How to fill sheet), or remove it");
            }
            else if (seen.TryGetValue(column, out var first))
            {
                cells[i] = new HeaderCell(Target.Ignored, null, null, text);
                log.Add(row.Number, text, text, "DUPLICATE_COLUMN", $"Column '{text}' repeats '{first}' ({column.Name}); only the first is read",
                    "Keep one column per roster field");
            }
            else
            {
                seen[column] = text;
                cells[i] = new HeaderCell(Target.Column, column, null, text, Slot.Of(column));
                _headers[cells[i].Slot] = text;
            }
        }
        if (!seen.ContainsKey(RosterColumns.Role))
            throw new RosterRejectedException(new RosterRejection("NO_ROLE_COLUMN", "The header has no role column",
                $"Add a column '{RosterColumns.Role.Name}' (or {string.Join(", ", RosterColumns.Role.Aliases.Select(a => $"'{a}'"))}) holding each person's role", row.Number));
        return cells;
    }

    /// <param name="repeats">Rows that repeat a seat, and whose they are: the row is not read, but it is the person's.</param>
    /// <param name="shared">Texts many people give (sites, vendors), kept once from the row on which they are read, and sets of levels.</param>
    private void ReadRecord(TableRow row, HeaderCell[] header, Dictionary<string, PersonDraft> people,
        List<RoleAssignment> seats, List<(int Row, string Id)> repeats, SharedParts shared, WarningLog log)
    {
        var values = _values;
        var skills = _skills;
        Array.Clear(values);
        skills.Clear();
        var cells = row.Cells.Span;
        var outsideHeader = cells.Length > header.Length;
        for (var i = 0; i < header.Length && i < cells.Length; i++)
        {
            var cell = cells[i];
            if (cell.IsEmpty) continue;
            var h = header[i];
            if (h.Target == Target.Column) values[h.Slot] = (cell, h.Header);
            else if (h.Target == Target.Skill) skills.Add((h.Competency!, cell, h.Header));
            else if (h.Target == Target.Unnamed) outsideHeader = true;
        }
        var id = Text(Slot.EmployeeId);
        for (var i = 0; outsideHeader && i < cells.Length; i++)
            if (!cells[i].IsEmpty && (i >= header.Length || header[i].Target == Target.Unnamed))
                log.Add(row.Number, CsvRosterTable.ColumnLetters(i), cells[i].ToString(), "CELL_OUTSIDE_HEADER",
                    $"Row {row.Number} has a value in column {CsvRosterTable.ColumnLetters(i)}, which has no header; it was ignored", "Give the column a header, or move the value",
                    id.Length > 0 ? id : null);

        bool Has(int slot) => !values[slot].Cell.IsEmpty;
        bool TryGetValue(int slot, out (CellValue Cell, string Header) value) => !(value = values[slot]).Cell.IsEmpty;
        string Text(int slot) => Has(slot) ? values[slot].Cell.ToString().Trim() : "";
        string Header(int slot) => Has(slot) ? values[slot].Header : _headers[slot];

        if (id.Length == 0)
        {
            var role = Text(Slot.Role);
            log.Add(row.Number, Header(Slot.EmployeeId), "", "MISSING_EMPLOYEE_ID",
                $"Row {row.Number}{(role.Length > 0 ? $" ({role})" : "")} has no employee id; the row was not assessed", "Fill in the person's employee id");
            return;
        }
        var roleText = Text(Slot.Role);
        var roleHeader = Header(Slot.Role);
        var roleId = roleText.Length == 0 ? null : _roles.Resolve(roleText);
        people.TryGetValue(id, out var person);
        if (roleId is not null && person?.SeatRow(roleId) is { } earlier)
        {
            // The whole row is a repeat: none of it is read, so it cannot change the person either.
            repeats.Add((row.Number, id));
            log.Add(row.Number, roleHeader, roleText, "DUPLICATE_SEAT",
                $"{id} is listed for {roleId} on row {earlier} and again on row {row.Number}; row {earlier} was kept and row {row.Number} was not read", "List each person once per role", id);
            return;
        }
        if (person is null) people[id] = person = new PersonDraft(id, row.Number);
        else person.AddRow(row.Number);
        var context = new RowContext(row.Number, id, log);

        if (Has(Slot.Name)) person.Name.Set(Text(Slot.Name), context, Header(Slot.Name), "name");
        if (TryGetValue(Slot.EmploymentType, out var type))
        {
            if (_employmentTypes.Parse(type.Cell.ToString()) is { } parsed) person.EmploymentType.Set(parsed, context, type.Header, "employment type");
            else context.Warn(type.Header, type.Cell.ToString(), "EMPLOYMENT_TYPE_UNKNOWN",
                $"'{type.Cell}' is not an employment type; read as employee", "Write employee, contractor, vendor or msp");
        }
        if (Has(Slot.Vendor)) person.Vendor.Set(shared.Text(Text(Slot.Vendor)), context, Header(Slot.Vendor), "vendor");
        if (Has(Slot.Site)) person.Site.Set(shared.Text(Text(Slot.Site)), context, Header(Slot.Site), "site");
        ReadDate(Slot.ContractEnd, ref person.ContractEnd, "contract end date");
        ReadDate(Slot.LastTraining, ref person.LastTraining, "last training date");
        ReadDate(Slot.LastExercise, ref person.LastExercise, "last exercise date");
        ReadDate(Slot.Departure, ref person.Departure, "departure date");
        if (TryGetValue(Slot.YearsExperience, out var experience))
        {
            var years = ReadNumber(experience.Cell);
            if (years is >= 0 and <= 60) person.YearsExperience.Set(years.Value, context, experience.Header, "years of experience");
            else context.Warn(experience.Header, experience.Cell.ToString(), "EXPERIENCE_INVALID",
                years is null ? $"'{experience.Cell}' is not a number of years; experience was not read" : $"{experience.Cell} years of experience is not possible; experience was not read",
                "Write the years of relevant experience as a number from 0 to 60, e.g. 4.5");
        }
        if (TryGetValue(Slot.Certifications, out var certs)) ReadCertifications(certs.Cell.ToString(), certs.Header, person, context);
        var competencies = TryGetValue(Slot.Competencies, out var comps) ? comps.Cell.ToString() : null;
        if (competencies is not null || skills.Count > 0)
        {
            // A person's first levels are read into the row's list and kept as the set many people share; only a later
            // row that gives levels too makes the person a list of their own.
            var first = person.HasNoCompetencies;
            var entries = (competencies is null ? 0 : ListCell.MostEntries(competencies)) + skills.Count;
            ref var levels = ref first ? ref _rowLevels : ref person.Competencies(entries);
            if (first) levels.Expect(entries);
            if (competencies is not null) ReadCompetencies(competencies, comps.Header, ref levels, context);
            foreach (var (competency, cell, h) in skills)
                if (ReadLevel(cell.ToString(), h, context) is { } level) levels.For(competency).Set(level, context, h, "the level of ", competency);
            if (first)
            {
                if (!levels.IsEmpty) person.ShareCompetencies(shared.Competencies(levels.ById()), row.Number);
                _rowLevels.Clear();
            }
        }

        // The seat: role, assignment, FTE and start date stay per row.
        if (roleText.Length == 0)
        {
            context.Warn(roleHeader, "", "MISSING_ROLE", $"Row {row.Number} ({id}) has no role; the person's details were kept but no seat was assessed",
                "Fill in the role (a catalog role id, title or alias)");
            return;
        }
        if (roleId is null)
        {
            if (_roles.Suggest(roleText) is { } near)
                context.Warn(roleHeader, roleText, "ROLE_NEAR_MATCH",
                    $"'{roleText}' is not a role of the catalog; did you mean '{near.Name}' ({near.Id})? The row is not scored until the title is mapped",
                    $"Add \"{roleText}\": \"{near.Id}\" to roleAliases in the organization profile, or write the role id");
            else
                context.Warn(roleHeader, roleText, "ROLE_UNKNOWN",
                    $"'{roleText}' is not a critical IT role of the catalog; the row is not scored",
                    "If it is one of the catalog's roles under another title, add it to roleAliases in the organization profile; otherwise leave it, it is not scored");
            return;
        }

        var assignment = Assignment.Primary;
        if (TryGetValue(Slot.Assignment, out var seat))
        {
            if (_assignments.Parse(seat.Cell.ToString()) is { } a) assignment = a;
            else context.Warn(seat.Header, seat.Cell.ToString(), "ASSIGNMENT_UNKNOWN",
                $"'{seat.Cell}' is not an assignment; read as primary", "Write primary, backup or interim");
        }
        var fte = assignment == Assignment.Backup ? 0.0 : 1.0;
        if (TryGetValue(Slot.Fte, out var fteCell))
        {
            var text = fteCell.Cell.ToString().Trim();
            var percent = text.EndsWith('%');
            var number = ReadNumber(percent ? CellValue.FromText(text.TrimEnd('%')) : fteCell.Cell);
            if (number is { } n && percent) number = n / 100;
            if (number is >= 0 and <= 1) fte = number.Value;
            else context.Warn(fteCell.Header, text, "FTE_INVALID",
                $"'{text}' is not an FTE between 0 and 1; {fte.ToString("0.##", CultureInfo.InvariantCulture)} was used", "Write the share of a full-time post, e.g. 0.5 or 50%");
        }
        DateOnly? start = null;
        if (TryGetValue(Slot.RoleStart, out var startCell)) start = ParseDate(startCell.Cell, startCell.Header, context);

        person.AddSeat(roleId, row.Number);
        // The person's own id: the same text as this row's, kept once.
        seats.Add(new RoleAssignment { PersonId = person.Id, RoleId = roleId, Assignment = assignment, Fte = fte, RoleStart = start, Row = row.Number });

        void ReadDate(int slot, ref Field<DateOnly> field, string name)
        {
            if (TryGetValue(slot, out var v) && ParseDate(v.Cell, v.Header, context) is { } date) field.Set(date, context, v.Header, name);
        }
    }

    private DateOnly? ParseDate(CellValue cell, string header, RowContext context)
    {
        var read = Assumed(RosterDates.Read(cell, _dateOrder));
        if (read.Caution is { } caution)
            context.Warn(header, cell.ToString(), "DATE_AMBIGUOUS", $"{context.PersonId}: {caution}",
                "Write dates as YYYY-MM-DD (ISO 8601), or set policy.dateOrder in the organization profile");
        if (read.Problem is { } problem)
            context.Warn(header, cell.ToString(), "DATE_INVALID", $"{context.PersonId}: {problem}; the date was not read",
                "Write dates as YYYY-MM-DD (ISO 8601)");
        return read.Value;
    }

    // ".75", as database and pandas exports write a fraction, as well as "0.75", "0,75" and "4.5 years".
    [GeneratedRegex(@"^\s*(?<n>-?(?:\d+(?:[.,]\d+)?|[.,]\d+))\s*(?:\+|years?|yrs?|y)?\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex NumberText();

    private static double? ReadNumber(CellValue cell)
    {
        if (cell.Kind == CellKind.Number) return cell.Number;
        if (cell.Kind != CellKind.Text) return null;
        // "4.5", as nearly every roster writes it, is what the expression below would read: parsed without it.
        if (IsPlainDecimal(cell.Text!))
            return double.TryParse(cell.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var plain) ? plain : null;
        var m = NumberText().Match(cell.Text!);
        return m.Success && double.TryParse(m.Groups["n"].Value.Replace(',', '.'), NumberStyles.Float, CultureInfo.InvariantCulture, out var n) ? n : null;
    }

    /// <summary>Digits, optionally with one '.' between digits: a number <see cref="NumberText"/> reads as it stands.</summary>
    private static bool IsPlainDecimal(string text)
    {
        var dot = -1;
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsAsciiDigit(text[i])) continue;
            if (text[i] != '.' || dot >= 0 || i == 0 || i == text.Length - 1) return false;
            dot = i;
        }
        return text.Length > 0;
    }

    [GeneratedRegex(@"^(?<name>.+?)\s*\(\s*(?:exp(?:ires|iry|\.)?\s*:?\s*)?(?<date>[^)]*)\)\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex CertificationWithParens();

    // The entries of the list cell being read (ListCell.Split), reused cell by cell.
    private readonly List<Range> _entries = [];

    // A name of the catalog may itself hold a list separator ("Backup, restore and disaster recovery"): an entry that
    // reads as nothing is tried joined with up to this many entries after it.
    private const int MostJoined = 3;

    /// <remarks>
    /// Read on slices of the cell, as <see cref="ReadCompetencies"/> reads its cell: a name and an expiry are looked up
    /// and read where they stand, and text is cut out only for a warning or an entry in parentheses.
    /// </remarks>
    private void ReadCertifications(string text, string header, PersonDraft person, RowContext context)
    {
        person.Certifications.Expect(ListCell.MostEntries(text));
        var entries = _entries;
        ListCell.Split(text, entries);
        for (var e = 0; e < entries.Count; e++)
        {
            var raw = text.AsSpan(entries[e]).Trim();
            if (raw.IsEmpty) continue;
            var id = Certification(raw, out var name, out var expiry);
            for (var last = e + 1; id is null && last < entries.Count && last <= e + MostJoined; last++)
            {
                var joinedRaw = ListCell.Joined(text, entries, e, last);
                // Only a name that runs on past the entry, not one found further on ("Foo, … (CISSP)"), which would
                // leave the unknown entry unsaid.
                if (Certification(joinedRaw, out var joinedName, out var joinedExpiry) is { } joined && joinedName.Length > raw.Length && joinedRaw.StartsWith(joinedName))
                {
                    raw = joinedRaw;
                    name = joinedName;
                    expiry = joinedExpiry;
                    id = joined;
                    e = last;
                }
            }
            if (id is null)
            {
                var spelling = name.ToString();
                context.Warn(header, raw.ToString(), "CERT_UNKNOWN",
                    $"{context.PersonId}: '{spelling}' is not a certification of the catalog; it was not counted",
                    Suggest(_certifications.Suggest(spelling), s => $"Did you mean '{s}'?") ?? "Use a certification name from the catalog (complianceRisk catalog export), or add it to a custom catalog");
                continue;
            }
            DateOnly? expires = null;
            if (expiry.Length > 0)
            {
                var read = Assumed(RosterDates.Read(expiry, _dateOrder));
                if (read.Value is { } date) expires = date;
                else context.Warn(header, raw.ToString(), "CERT_EXPIRY_INVALID",
                    $"{context.PersonId}: the expiry of {name}: {read.Problem}; the certification was counted as current",
                    "Write certifications as NAME:YYYY-MM-DD, e.g. CISSP:2027-03-31");
                if (read.Caution is { } caution)
                    context.Warn(header, raw.ToString(), "DATE_AMBIGUOUS", $"{context.PersonId}: {caution}",
                        "Write dates as YYYY-MM-DD (ISO 8601), or set policy.dateOrder in the organization profile");
            }
            person.Certifications.For(id).Set(expires, context, header, "the expiry of ", id);
        }
    }

    /// <summary>
    /// One certification entry: its name and expiry ("CISSP:2027-03-31", "CISSP (exp. 2027-03-31)"), or a name alone,
    /// including the catalog's own spellings that hold a colon or end in parentheses ("Microsoft Certified: Azure
    /// Security Engineer Associate (AZ-500)"). The certification's id, or null when the name is not the catalog's.
    /// </summary>
    private string? Certification(ReadOnlySpan<char> raw, out ReadOnlySpan<char> name, out ReadOnlySpan<char> expiry)
    {
        name = raw;
        expiry = default;
        // The expression can only match an entry ending in ')': the others skip it.
        if (raw.EndsWith(')') && CertificationWithParens().Match(raw.ToString()) is { Success: true } m)
        {
            // "CISSP (exp. 2027-03-31)" holds an expiry; "Certified … Professional (CISSP)" and "… (AZ-500)" the abbreviation.
            var inParens = m.Groups["date"].Value;
            if (inParens.Any(char.IsDigit) && _certifications.Resolve(inParens) is null)
            {
                name = m.Groups["name"].Value;
                expiry = inParens;
            }
            else name = _certifications.Resolve(m.Groups["name"].Value) is null && _certifications.Resolve(inParens) is not null ? inParens : m.Groups["name"].Value;
        }
        else if (raw.LastIndexOf(':') is var colon and > 0)
        {
            name = raw[..colon].Trim();
            expiry = raw[(colon + 1)..].Trim();
        }
        var id = _certifications.Resolve(name);
        if (id is null && name.Length != raw.Length && _certifications.Resolve(raw) is { } whole)
        {
            name = raw;
            expiry = default;
            id = whole;
        }
        return id;
    }

    /// <remarks>
    /// The same reading as splitting the cell into its entries, trimming and dropping empty ones, done on slices of
    /// the cell: a competency cell is the longest of a row and most of its pieces would be garbage at once. Text is cut
    /// out only for a warning.
    /// </remarks>
    private void ReadCompetencies(string text, string header, ref Entries<int> levels, RowContext context)
    {
        var entries = _entries;
        ListCell.Split(text, entries);
        for (var e = 0; e < entries.Count; e++)
        {
            var raw = text.AsSpan(entries[e]).Trim();
            if (raw.IsEmpty) continue;
            var cut = raw.IndexOfAny('=', ':');
            var id = cut > 0 ? _competencies.Resolve(raw[..cut].Trim()) : null;
            for (var last = e + 1; id is null && last < entries.Count && last <= e + MostJoined; last++)
            {
                var joined = ListCell.Joined(text, entries, e, last);
                if (joined.IndexOfAny('=', ':') is var joinedCut && joinedCut > raw.Length && _competencies.Resolve(joined[..joinedCut].Trim()) is { } found)
                {
                    raw = joined;
                    cut = joinedCut;
                    id = found;
                    e = last;
                }
            }
            if (cut <= 0)
            {
                context.Warn(header, raw.ToString(), "COMPETENCY_LEVEL_INVALID", $"{context.PersonId}: '{raw}' has no level; it was not read",
                    "Write competencies as id=level, e.g. fhir=3; hl7v2=2 (levels 0 none … 4 expert)");
                continue;
            }
            if (id is null)
            {
                var spelling = raw[..cut].Trim().ToString();
                context.Warn(header, raw.ToString(), "COMPETENCY_UNKNOWN", $"{context.PersonId}: '{spelling}' is not a competency of the catalog; it was not read",
                    Suggest(_competencies.Suggest(spelling), s => $"Did you mean '{s}'?") ?? "Use competency ids from the catalog (complianceRisk catalog export)");
                continue;
            }
            if (ReadLevel(raw[(cut + 1)..], header, context) is { } level) levels.For(id).Set(level, context, header, "the level of ", id);
        }
    }

    private static int? ReadLevel(ReadOnlySpan<char> cell, string header, RowContext context)
    {
        var trimmed = cell.Trim();
        if (int.TryParse(trimmed, NumberStyles.Integer, CultureInfo.InvariantCulture, out var level) && level is >= ProficiencyLevel.None and <= ProficiencyLevel.Expert)
            return level;
        // "3.0": a whole level as a database or pandas export writes numbers.
        if (decimal.TryParse(trimmed, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var whole) && whole == decimal.Truncate(whole)
            && whole is >= ProficiencyLevel.None and <= ProficiencyLevel.Expert)
            return (int)whole;
        var text = trimmed.ToString();
        if (ProficiencyLevel.FromName(text) is { } named)
        {
            context.Warn(header, text, "COMPETENCY_LEVEL_NAMED", $"{context.PersonId}: level '{text}' was read as {named}",
                "Write levels as numbers: " + ProficiencyLevel.Scale);
            return named;
        }
        context.Warn(header, text, "COMPETENCY_LEVEL_INVALID", $"{context.PersonId}: '{text}' is not a level from 0 to 4; it was not read",
            "Write levels as numbers: " + ProficiencyLevel.Scale);
        return null;
    }

    private static string? Suggest((string Id, string Name)? near, Func<string, string> message) => near is { } n ? message(n.Name) : null;

    // Per import: every row spells its assignment and employment type, with a handful of spellings in all.
    private readonly Spellings<Assignment> _assignments = new(ParseAssignment);
    private readonly Spellings<EmploymentType> _employmentTypes = new(ParseEmployment);

    private static Assignment? ParseAssignment(string text) => NameKey.Of(text) switch
    {
        "primary" or "main" or "incumbent" or "owner" => Assignment.Primary,
        "backup" or "secondary" or "deputy" or "alternate" or "cover" or "standby" => Assignment.Backup,
        "interim" or "acting" or "temporary" or "temp" => Assignment.Interim,
        _ => null,
    };

    private static EmploymentType? ParseEmployment(string text) => NameKey.Of(text) switch
    {
        "employee" or "staff" or "fte" or "fulltime" or "parttime" or "w2" or "permanent" or "internal" or "regular" => EmploymentType.Employee,
        "contractor" or "contract" or "consultant" or "1099" or "freelance" or "freelancer" or "contingent" or "temp" => EmploymentType.Contractor,
        "vendor" or "thirdparty" or "supplier" or "outsourced" or "vendorstaff" => EmploymentType.Vendor,
        "msp" or "managedservice" or "managedservices" or "managedserviceprovider" => EmploymentType.Msp,
        _ => null,
    };
}

/// <summary>
/// Remembers how each spelling of a small vocabulary (assignments, employment types) was read, so a roster
/// that writes "primary" on every row has it normalised once. Bounded, like every per-import memory.
/// </summary>
internal sealed class Spellings<T>(Func<string, T?> parse) where T : struct
{
    private const int MaxRemembered = 1_000;
    private readonly Dictionary<string, T?> _read = new(StringComparer.Ordinal);

    public T? Parse(string text)
    {
        if (_read.TryGetValue(text, out var known)) return known;
        known = parse(text);
        if (_read.Count < MaxRemembered) _read[text] = known;
        return known;
    }
}
