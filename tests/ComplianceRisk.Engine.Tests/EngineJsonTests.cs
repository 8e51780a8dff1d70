using System.Text.Json;

namespace ComplianceRisk.Engine.Tests;

public sealed class EngineJsonTests
{
    /// <summary>Every public enum of the engine, found by reflection so that a new one cannot be missed.</summary>
    public static TheoryData<Type> EngineEnums => new(typeof(EngineJson).Assembly.GetExportedTypes().Where(t => t.IsEnum).OrderBy(t => t.FullName));

    [Theory]
    [MemberData(nameof(EngineEnums))]
    public void Every_public_enum_is_listed_by_the_kebab_case_converter_and_round_trips_each_value(Type enumType)
    {
        var converter = new EngineJson.KebabEnumConverterFactory().CreateConverter(enumType, EngineJson.Options);
        Assert.Equal(enumType, converter.Type);

        var options = new JsonSerializerOptions { Converters = { new EngineJson.KebabEnumConverterFactory() } };
        foreach (var value in Enum.GetValues(enumType))
        {
            var json = JsonSerializer.Serialize(value, enumType, options);
            Assert.Equal($"\"{JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString()!)}\"", json);
            Assert.Equal(value, JsonSerializer.Deserialize(json, enumType, options));
        }
    }

    [Fact]
    public void An_enum_the_converter_does_not_list_fails_loudly_and_names_itself()
    {
        var e = Assert.Throws<NotSupportedException>(() => new EngineJson.KebabEnumConverterFactory().CreateConverter(typeof(DayOfWeek), EngineJson.Options));
        Assert.Contains("System.DayOfWeek", e.Message);
    }

    [Fact]
    public void An_unknown_value_names_the_values_allowed()
    {
        var options = new JsonSerializerOptions { Converters = { new EngineJson.KebabEnumConverterFactory() } };
        var e = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<Rosters.EmploymentType>("\"temp\"", options));
        Assert.Equal("'temp' is not one of: employee, contractor, vendor, msp", e.Message);
    }
}
