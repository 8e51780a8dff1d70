namespace ComplianceRisk.Functions.Handler;

/// <summary>
/// Mail the app still holds after sending it, which an organization's erasure erases with the rest of its data: serve's
/// outbox, where the SendGrid binding's messages stay as .eml files, each organization's in a folder of its own. On
/// Azure there is none: SendGrid has delivered the mail, and nothing of it is left in the app's keeping.
/// </summary>
public interface IMailOutbox
{
    /// <summary>Deletes the organization's messages; how many there were.</summary>
    Task<int> EraseAsync(string org, CancellationToken cancellationToken);
}
