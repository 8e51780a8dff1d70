using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;

namespace ComplianceRisk.Engine;

/// <summary>A problem in an input document, located by a path such as <c>roles[3].requires[1].competency</c>.</summary>
public sealed record InputError(string Path, string Message)
{
    public override string ToString() => Path.Length == 0 ? Message : $"{Path}: {Message}";
}

/// <summary>
/// The outcome of reading an input document: a value, or every error found in it. Expected failures of
/// user input are values, not exceptions.
/// </summary>
public sealed record ParseResult<T> where T : class
{
    private ParseResult(T? value, ImmutableArray<InputError> errors) => (Value, Errors) = (value, errors);

    public T? Value { get; }
    public ImmutableArray<InputError> Errors { get; }

    [MemberNotNullWhen(true, nameof(Value))]
    public bool Success => Value is not null;

    public static ParseResult<T> Ok(T value) => new(value, []);

    public static ParseResult<T> Fail(IEnumerable<InputError> errors)
    {
        var list = errors.ToImmutableArray();
        if (list.IsEmpty) throw new ArgumentException("A failed result needs at least one error.", nameof(errors));
        return new(null, list);
    }

    public static ParseResult<T> Fail(string path, string message) => Fail([new InputError(path, message)]);

    public T GetValueOrThrow() =>
        Value ?? throw new InvalidOperationException("Invalid input: " + string.Join("; ", Errors));
}
