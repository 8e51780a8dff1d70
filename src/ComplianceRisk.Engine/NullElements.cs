using System.Collections;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace ComplianceRisk.Engine;

/// <summary>
/// Finds the nulls in the lists and maps of a document read. The serializer holds members to their nullable annotations
/// but not the elements of a collection, whose annotations the runtime cannot see; no list or map of a document read here
/// may hold a null, and the code after the readers relies on that.
/// </summary>
internal sealed class NullElements
{
    /// <summary>Enough to mend a document by; a document made of nulls gets no longer a list.</summary>
    private const int MaxErrors = 20;

    private readonly List<InputError> _errors = [];

    /// <summary>Member names, keys and indexes from the root to the value looked at; written out only for an error.</summary>
    private readonly List<Step> _path = [];

    private readonly record struct Step(string? Name, int Index);

    private readonly Dictionary<JsonTypeInfo, (JsonPropertyInfo Property, JsonTypeInfo Info)[]> _members = [];

    public static List<InputError> Find(object document, JsonTypeInfo typeInfo)
    {
        var finder = new NullElements();
        finder.Visit(document, typeInfo);
        return finder._errors;
    }

    private void Visit(object value, JsonTypeInfo info)
    {
        switch (info.Kind)
        {
            case JsonTypeInfoKind.Object:
                foreach (var (property, memberInfo) in MembersOf(info))
                    if (property.Get!(value) is { } member) Enter(new Step(property.Name, -1), member, memberInfo);
                break;
            case JsonTypeInfoKind.Enumerable:
                IEnumerator elements;
                try
                {
                    elements = ((IEnumerable)value).GetEnumerator();
                }
                catch (InvalidOperationException)
                {
                    // A default ImmutableArray: a list that a record read through its constructor was not given.
                    Error("missing: expected a list");
                    break;
                }
                var elementInfo = InfoOf(info.ElementType!, info.Options);
                for (var index = 0; elements.MoveNext() && _errors.Count < MaxErrors; index++)
                    Element(new Step(null, index), elements.Current, info.ElementType!, elementInfo);
                break;
            case JsonTypeInfoKind.Dictionary:
                var valueInfo = InfoOf(info.ElementType!, info.Options);
                var entries = ((IDictionary)value).GetEnumerator();
                while (entries.MoveNext() && _errors.Count < MaxErrors)
                    Element(new Step(KeyName(entries.Key, info), -1), entries.Value, info.ElementType!, valueInfo);
                break;
        }
    }

    private void Element(Step step, object? element, Type elementType, JsonTypeInfo? elementInfo)
    {
        if (element is null)
        {
            _path.Add(step);
            Error(JsonInput.Expected(elementType.ToString()) + ", not null");
            _path.RemoveAt(_path.Count - 1);
        }
        else if (elementInfo is not null) Enter(step, element, elementInfo);
    }

    private void Enter(Step step, object value, JsonTypeInfo info)
    {
        if (_errors.Count >= MaxErrors) return;
        _path.Add(step);
        Visit(value, info);
        _path.RemoveAt(_path.Count - 1);
    }

    /// <summary>
    /// The members of an object type that can hold lists or maps, with their metadata, worked out once per type: an
    /// assessment has a holder, flag and risk for every person and role.
    /// </summary>
    private (JsonPropertyInfo Property, JsonTypeInfo Info)[] MembersOf(JsonTypeInfo info)
    {
        if (!_members.TryGetValue(info, out var members))
            _members[info] = members = [.. info.Properties
                .Where(p => p.Get is not null)
                .Select(p => (p, InfoOf(p.PropertyType, info.Options)))
                .Where(m => m.Item2 is not null)
                .Select(m => (m.p, m.Item2!))];
        return members;
    }

    /// <summary>The metadata of a type that can hold lists or maps; null for a value such as a string, a number or a date.</summary>
    private static JsonTypeInfo? InfoOf(Type type, JsonSerializerOptions options) =>
        options.GetTypeInfo(Nullable.GetUnderlyingType(type) ?? type) is { Kind: not JsonTypeInfoKind.None } info ? info : null;

    /// <summary>A map's key as the document writes it (an enum key in its JSON spelling).</summary>
    private static string KeyName(object key, JsonTypeInfo dictionary) =>
        key as string ?? JsonSerializer.Serialize(key, dictionary.Options.GetTypeInfo(dictionary.KeyType!)).Trim('"');

    private void Error(string message)
    {
        var path = string.Concat(_path.Select((step, i) =>
            step.Name is null ? $"[{step.Index.ToString(CultureInfo.InvariantCulture)}]" : i == 0 ? step.Name : "." + step.Name));
        _errors.Add(new InputError(path, message));
    }
}
