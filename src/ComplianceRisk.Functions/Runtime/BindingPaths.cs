using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace ComplianceRisk.Functions.Runtime;

/// <summary>
/// Binding expressions in function.json paths, resolved as the host resolves them: <c>{name}</c> from the trigger's
/// binding data (route and query parameters, blob path captures, properties of a JSON queue message), <c>{DateTime}</c>
/// as the UTC time <c>yyyy-MM-ddTHH-mm-ssZ</c>, <c>{rand-guid}</c> as a new GUID, <c>{sys.utcnow}</c> and
/// <c>{sys.randguid}</c> likewise.
/// </summary>
public sealed class BindingPaths(TimeProvider clock, Func<Guid> newGuid)
{
    private static readonly Regex Expression = new(@"\{([^{}]+)\}", RegexOptions.CultureInvariant);

    /// <summary>Fills a path's expressions; an expression with no value is an error naming it (the host fails the invocation too).</summary>
    public string Resolve(string template, IReadOnlyDictionary<string, string> values) =>
        Expression.Replace(template, match =>
        {
            var name = match.Groups[1].Value;
            switch (name.ToLowerInvariant())
            {
                case "datetime":
                case "sys.utcnow":
                    return clock.GetUtcNow().UtcDateTime.ToString("yyyy-MM-ddTHH-mm-ssZ", CultureInfo.InvariantCulture);
                case "rand-guid":
                case "sys.randguid":
                    return newGuid().ToString("D");
            }
            foreach (var (key, value) in values)
                if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase)) return value;
            throw new BindingException($"no value for '{{{name}}}' in the path '{template}'");
        });

    /// <summary>
    /// Matches a blob path against a trigger's path pattern (<c>rosters/{org}/{name}</c>) and returns the captures;
    /// null when it does not match. The last expression takes the rest of the path, slashes included.
    /// </summary>
    public static IReadOnlyDictionary<string, string>? Match(string pattern, string path)
    {
        var names = new List<string>();
        var regex = new StringBuilder("^");
        var position = 0;
        var matches = Expression.Matches(pattern);
        for (var i = 0; i < matches.Count; i++)
        {
            var match = matches[i];
            regex.Append(Regex.Escape(pattern[position..match.Index]));
            names.Add(match.Groups[1].Value);
            regex.Append(i == matches.Count - 1 && match.Index + match.Length == pattern.Length ? "(.+)" : "([^/]+?)");
            position = match.Index + match.Length;
        }
        regex.Append(Regex.Escape(pattern[position..])).Append('$');
        var result = Regex.Match(path, regex.ToString(), RegexOptions.CultureInvariant);
        if (!result.Success) return null;
        return names.Select((n, i) => (n, result.Groups[i + 1].Value)).ToDictionary(x => x.n, x => x.Value, StringComparer.OrdinalIgnoreCase);
    }
}

public sealed class BindingException(string message) : Exception(message);
