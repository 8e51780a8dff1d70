namespace ComplianceRisk.Engine.Assessments;

/// <summary>
/// Values an assessment makes once and shares (shortfalls, their texts, boxed evidence): thousands of people
/// give the same few, so the rest cost no allocation.
/// </summary>
internal static class Remembered
{
    /// <summary>
    /// The value remembered for the key, or one made for it, remembered while fewer than <paramref name="most"/> are:
    /// a roster of all-different values (hostile, or simply varied) then keeps no more than that.
    /// </summary>
    public static TValue GetOrMake<TKey, TValue>(this Dictionary<TKey, TValue> remembered, TKey key, Func<TKey, TValue> make, int most)
        where TKey : notnull
    {
        if (remembered.TryGetValue(key, out var value)) return value;
        value = make(key);
        if (remembered.Count < most) remembered[key] = value;
        return value;
    }
}
