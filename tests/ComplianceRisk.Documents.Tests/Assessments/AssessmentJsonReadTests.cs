using System.Text;
using ComplianceRisk.Documents.Assessments;
using ComplianceRisk.Documents.Tests.Registers;

namespace ComplianceRisk.Documents.Tests.Assessments;

/// <summary>Reading an assessment back (<c>register</c>, <c>diff</c> and the HTTP API): what is accepted, and how the rest is refused.</summary>
public sealed class AssessmentJsonReadTests
{
    /// <summary>The realistic fixture's assessment as <c>assess --format json</c> writes it.</summary>
    private static readonly Lazy<string> Written = new(() => AssessmentJson.ToJson(RegisterFixtures.Realistic));

    [Fact]
    public void A_utf8_byte_order_mark_is_accepted()
    {
        var read = AssessmentJson.Read([.. Encoding.UTF8.Preamble, .. Encoding.UTF8.GetBytes(Written.Value)]);
        Assert.True(read.Success, string.Join("; ", read.Errors));
        Assert.Equal(RegisterFixtures.Realistic.AssessmentId, read.Value.AssessmentId);
    }
}
