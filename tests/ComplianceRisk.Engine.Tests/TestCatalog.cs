using System.Text;
using ComplianceRisk.Engine.Catalogs;

namespace ComplianceRisk.Engine.Tests;

/// <summary>
/// A small catalog whose numbers are easy to reason about by hand: rates 0.10 (employee), 0.30
/// (contractor), 0.25 (vendor), 0.20 (MSP); windows at their defaults; fragile at 0.2.
/// </summary>
internal static class TestCatalog
{
    public const string Json = """
    {
      "id": "test", "version": "1", "title": "Test catalog",
      "method": {
        "attrition": {
          "rates": {
            "employee": { "annualRate": 0.10, "source": "test" },
            "contractor": { "annualRate": 0.30, "source": "test" },
            "vendor": { "annualRate": 0.25, "source": "test" },
            "msp": { "annualRate": 0.20, "source": "test" }
          },
          "newInRoleMultiplier": 1.5, "newInRoleMonths": 12, "newInRoleSource": "test"
        },
        "windows": { "certExpiringDays": 90, "departurePendingDays": 180, "interimMaxDays": 90, "trainingCadenceMonths": 12, "horizonMonths": 12 },
        "fragileProbability": 0.2,
        "scoring": {
          "flagPoints": { "VACANT": 5, "NO_QUALIFIED_HOLDER": 5, "SINGLE_POINT_OF_FAILURE": 2, "BELOW_REQUIRED_HEADCOUNT": 1, "INEXPERIENCED_INCUMBENT": 2,
            "JUNIOR_ONLY_COVERAGE": 3, "COMPETENCY_GAP": 1, "CERT_MISSING": 2, "CERT_EXPIRED": 2, "CERT_EXPIRING": 1, "EXTERNAL_DEPENDENCY": 2,
            "DEPARTURE_PENDING": 3, "OVERLOADED": 1, "CURRENCY_LAPSED": 1, "TRAINING_OVERDUE": 1, "INTERIM_TOO_LONG": 1 },
          "coveragePoints": { "UNCOVERED": 5, "KEY_PEOPLE": 2, "EXTERNAL_ONLY": 2, "MULTIPLE_DESIGNATED_OFFICIALS": 1, "NOT_DESIGNATED": 3 },
          "probabilityBands": [ { "atLeast": 0.5, "likelihood": 5 }, { "atLeast": 0.3, "likelihood": 4 }, { "atLeast": 0.15, "likelihood": 3 }, { "atLeast": 0.05, "likelihood": 2 } ],
          "tierImpact": [5, 4, 2],
          "ratingBands": [ { "rating": "critical", "minScore": 20, "responseDays": 30 }, { "rating": "high", "minScore": 10, "responseDays": 90 },
            { "rating": "moderate", "minScore": 5, "responseDays": 180 }, { "rating": "low", "minScore": 1, "responseDays": 365 } ]
        }
      },
      "regimes": [ { "id": "hipaa", "name": "HIPAA" }, { "id": "ny", "name": "New York" } ],
      "competencies": [
        { "id": "security", "name": "Security", "domain": "security" },
        { "id": "risk", "name": "Risk Analysis", "domain": "security" },
        { "id": "network", "name": "Network", "domain": "infrastructure" },
        { "id": "itsm", "name": "ITSM", "domain": "operations" }
      ],
      "certifications": [
        { "id": "cissp", "name": "CISSP", "spellings": ["C.I.S.S.P."], "evidences": [ { "competency": "security", "level": 3 } ] },
        { "id": "ccnp", "name": "CCNP", "evidences": [ { "competency": "network", "level": 3 } ] }
      ],
      "roles": [
        { "id": "sec", "title": "Security Officer", "aliases": ["CISO"], "tier": 1,
          "requires": [ { "competency": "security", "level": 3, "critical": true }, { "competency": "risk", "level": 2, "critical": false } ],
          "certificationPolicy": { "mode": "evidence", "accepted": ["cissp"] },
          "minExperienceYears": 3, "requiredQualified": 2,
          "currency": [ { "id": "sec-exercise", "evidence": "exercise", "withinMonths": 12, "description": "took part in an exercise within 12 months" } ] },
        { "id": "net", "title": "Network Engineer", "tier": 2,
          "requires": [ { "competency": "network", "level": 3, "critical": true } ],
          "certificationPolicy": { "mode": "required-by-org", "accepted": ["ccnp"] },
          "minExperienceYears": 2, "requiredQualified": 1 },
        { "id": "desk", "title": "Service Desk Analyst", "tier": 3,
          "requires": [ { "competency": "itsm", "level": 2, "critical": true } ],
          "certificationPolicy": { "mode": "none", "accepted": [] },
          "minExperienceYears": 0, "requiredQualified": 1 },
        { "id": "spare", "title": "Spare Role", "tier": 3,
          "requires": [ { "competency": "itsm", "level": 1, "critical": true } ],
          "certificationPolicy": { "mode": "none", "accepted": [] },
          "minExperienceYears": 0, "requiredQualified": 1 }
      ],
      "obligations": [
        { "id": "designate", "citation": "45 CFR 164.308(a)(2)", "regime": "hipaa", "title": "Designated security official", "description": "d",
          "appliesWhen": { "jurisdictions": ["US"] }, "effectiveDate": "2005-04-20", "complianceDate": "2005-04-20", "status": "final",
          "severity": 5, "requires": [ { "competency": "security", "level": 3 } ], "accountableRoles": ["sec"], "minQualified": 1, "designation": true, "source": "https://example.org/a2" },
        { "id": "network-duty", "citation": "X.1", "regime": "hipaa", "title": "Transmission security", "description": "d",
          "appliesWhen": {}, "effectiveDate": "2005-04-20", "complianceDate": "2005-04-20", "status": "final",
          "severity": 4, "requires": [ { "competency": "network", "level": 3 } ], "accountableRoles": ["net"], "minQualified": 1, "source": "https://example.org/x1" },
        { "id": "desk-duty", "citation": "X.2", "regime": "hipaa", "title": "Help desk", "description": "d",
          "appliesWhen": {}, "effectiveDate": "2005-04-20", "complianceDate": "2005-04-20", "status": "final",
          "severity": 2, "requires": [], "accountableRoles": ["desk"], "minQualified": 2, "source": "https://example.org/x2" },
        { "id": "future-duty", "citation": "Y.1", "regime": "hipaa", "title": "Future", "description": "d",
          "appliesWhen": {}, "effectiveDate": "2026-01-01", "complianceDate": "2027-06-01", "status": "final",
          "severity": 3, "requires": [], "accountableRoles": ["desk"], "minQualified": 1, "source": "https://example.org/y1" },
        { "id": "ny-only", "citation": "NY.1", "regime": "ny", "title": "New York duty", "description": "d",
          "appliesWhen": { "jurisdictions": ["US-NY"], "orgTypes": ["hospital", "health-system"] }, "effectiveDate": "2024-10-02", "complianceDate": "2025-10-02", "status": "final",
          "severity": 5, "requires": [], "accountableRoles": ["spare"], "minQualified": 1, "source": "https://example.org/ny" }
      ]
    }
    """;

    public static Catalog Load() => CatalogReader.Read(Encoding.UTF8.GetBytes(Json)).GetValueOrThrow();
}
