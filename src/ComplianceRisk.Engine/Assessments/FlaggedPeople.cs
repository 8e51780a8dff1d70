using System.Collections.Immutable;
using System.Runtime.InteropServices;

namespace ComplianceRisk.Engine.Assessments;

/// <summary>Who a role's flags of one code are about: what a risk factor lists and what a response names.</summary>
internal static class FlaggedPeople
{
    /// <summary>The distinct ids of the people the flags with the code are about, in flag order.</summary>
    /// <param name="seen">
    /// A set the caller keeps for all its questions (emptied here): a large department's role flags thousands of
    /// holders, and a set grown anew for each code would be garbage at once.
    /// </param>
    /// <remarks>The flags are read where they are, not grouped into copies by code.</remarks>
    public static ImmutableArray<string> Of(ImmutableArray<FragilityFlag> flags, FlagCode code, HashSet<string> seen)
    {
        var count = 0;
        foreach (var flag in flags)
            if (flag.Code == code && flag.PersonId is not null) count++;
        if (count == 0) return [];
        var people = new string[count];
        var found = 0;
        seen.Clear();
        foreach (var flag in flags)
            if (flag.Code == code && flag.PersonId is { } id && seen.Add(id)) people[found++] = id;
        return found == count ? ImmutableCollectionsMarshal.AsImmutableArray(people) : [.. people.AsSpan(0, found)];
    }
}
