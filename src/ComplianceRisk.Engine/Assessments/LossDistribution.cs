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
    public static double ProbabilityBelow(IEnumerable<Group> groups, int minimum)
    {
        if (minimum <= 0) return 0;
        var survivors = new double[] { 1.0 };
        foreach (var group in groups)
            survivors = Convolve(survivors, GroupSurvivors(group));
        var below = 0.0;
        for (var k = 0; k < Math.Min(minimum, survivors.Length); k++) below += survivors[k];
        return Math.Clamp(below, 0, 1);
    }

    /// <summary>Distribution of the number of survivors in one group.</summary>
    internal static double[] GroupSurvivors(Group group)
    {
        // Poisson-binomial over the members, given the shared contract holds.
        var dist = new double[group.MemberLoss.Count + 1];
        dist[0] = 1.0;
        var n = 0;
        foreach (var loss in group.MemberLoss)
        {
            var stay = 1 - loss;
            for (var k = n + 1; k >= 1; k--) dist[k] = dist[k] * loss + dist[k - 1] * stay;
            dist[0] *= loss;
            n++;
        }
        for (var k = 0; k < dist.Length; k++) dist[k] *= 1 - group.SharedLoss;
        dist[0] += group.SharedLoss;
        return dist;
    }

    private static double[] Convolve(double[] a, double[] b)
    {
        var result = new double[a.Length + b.Length - 1];
        for (var i = 0; i < a.Length; i++)
            if (a[i] != 0)
                for (var j = 0; j < b.Length; j++) result[i + j] += a[i] * b[j];
        return result;
    }
}
