namespace ComplianceRisk.Engine.Assessments;

/// <summary>
/// Exact probability that fewer than a minimum number of qualified people remain after a horizon.
/// People are grouped: an independent person is a group of one. A vendor group can be lost as a whole
/// (its contract ends, probability <see cref="Group.SharedLoss"/>), and each member can also be lost alone.
/// Survivors of a group follow a Poisson-binomial over its members given the contract holds; groups are
/// independent, so the distribution of all survivors is the convolution of the groups'. No simulation.
/// </summary>
public static class LossDistribution
{
    /// <param name="SharedLoss">Probability the whole group is lost at once (0 for a person on their own).</param>
    /// <param name="MemberLoss">Each member's own probability of being lost.</param>
    public sealed record Group(double SharedLoss, IReadOnlyList<double> MemberLoss);

    /// <summary>P(survivors &lt; <paramref name="minimum"/>).</summary>
    /// <remarks>
    /// Only the probabilities of 0 … minimum − 1 survivors are needed, and convolving never moves mass to
    /// fewer survivors, so the running distribution is kept to its first <paramref name="minimum"/> entries
    /// and updated in place: linear in the pool instead of quadratic. Each entry is the same sum of the
    /// same products in the same order as the full convolution, so the result is bit for bit the same.
    /// </remarks>
    public static double ProbabilityBelow(IEnumerable<Group> groups, int minimum)
    {
        if (minimum <= 0) return 0;
        var all = groups as IReadOnlyCollection<Group> ?? [.. groups];
        var most = 1;
        foreach (var group in all) most += group.MemberLoss.Count;
        return ProbabilityBelow(all, most, minimum);
    }

    /// <summary>
    /// <see cref="ProbabilityBelow(IEnumerable{Group}, int)"/> of groups read once, in order, whose members the caller
    /// has counted: <paramref name="most"/> is one more than all their members, the most survivors there can be.
    /// </summary>
    internal static double ProbabilityBelow(IEnumerable<Group> groups, int most, int minimum)
    {
        if (minimum <= 0) return 0;
        var survivors = new double[Math.Min(minimum, most)];
        survivors[0] = 1.0;
        var length = 1;
        // One group's distribution at a time, in the same buffer: a pool of thousands of people is thousands of groups.
        var scratch = new double[survivors.Length];
        foreach (var group in groups)
        {
            var members = GroupSurvivors(group, scratch.AsSpan(0, Math.Min(group.MemberLoss.Count + 1, scratch.Length)));
            length = ConvolveInPlace(survivors, length, members);
        }
        var below = 0.0;
        for (var k = 0; k < length; k++) below += survivors[k];
        return Math.Clamp(below, 0, 1);
    }

    /// <summary>Distribution of the number of survivors in one group.</summary>
    internal static double[] GroupSurvivors(Group group) => GroupSurvivors(group, int.MaxValue);

    /// <summary>
    /// The first <paramref name="limit"/> entries of <see cref="GroupSurvivors(Group)"/> (0 … limit − 1 survivors).
    /// </summary>
    internal static double[] GroupSurvivors(Group group, int limit)
    {
        var dist = new double[Math.Min(group.MemberLoss.Count + 1, Math.Max(1, limit))];
        GroupSurvivors(group, dist);
        return dist;
    }

    /// <summary>The first <c>dist.Length</c> entries of <see cref="GroupSurvivors(Group)"/>, written into <paramref name="dist"/>.</summary>
    /// <remarks>
    /// Entry k is updated from entries k and k − 1 only, so the entries below the limit are the same values,
    /// computed by the same operations, as in the whole distribution; the convolution reads no others. A
    /// vendor contract of thousands of people then costs thousands of steps instead of millions.
    /// </remarks>
    private static Span<double> GroupSurvivors(Group group, Span<double> dist)
    {
        // Poisson-binomial over the members, given the shared contract holds.
        var members = group.MemberLoss.Count;
        dist.Clear();
        dist[0] = 1.0;
        var losses = group.MemberLoss;
        for (var n = 0; n < members; n++)
        {
            var loss = losses[n];
            var stay = 1 - loss;
            for (var k = Math.Min(n + 1, dist.Length - 1); k >= 1; k--) dist[k] = dist[k] * loss + dist[k - 1] * stay;
            dist[0] *= loss;
        }
        for (var k = 0; k < dist.Length; k++) dist[k] *= 1 - group.SharedLoss;
        dist[0] += group.SharedLoss;
        return dist;
    }

    /// <summary>
    /// <paramref name="a"/>[0 … <paramref name="length"/>) convolved with <paramref name="b"/>, written back
    /// into <paramref name="a"/> as far as it reaches; returns the new length. Entry k accumulates
    /// a[i]·b[k − i] over ascending i from 0.0, skipping a[i] = 0, exactly as the full convolution does;
    /// entries are computed from the top down so each reads only entries not yet overwritten.
    /// </summary>
    private static int ConvolveInPlace(double[] a, int length, ReadOnlySpan<double> b)
    {
        var full = length + b.Length - 1;
        var kept = Math.Min(full, a.Length);
        for (var k = kept - 1; k >= 0; k--)
        {
            var sum = 0.0;
            for (var i = Math.Max(0, k - (b.Length - 1)); i <= Math.Min(k, length - 1); i++)
                if (a[i] != 0) sum += a[i] * b[k - i];
            a[k] = sum;
        }
        return kept;
    }
}
