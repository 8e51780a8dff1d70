using System.Globalization;
using System.Net.Mail;
using System.Text;
using System.Text.Json;
using ComplianceRisk.Functions.Contract;
using ComplianceRisk.Functions.Runtime.Storage;
using MimeKit;

namespace ComplianceRisk.Functions.Runtime;

/// <summary>
/// serve's SendGrid output binding: where Azure would hand the message to SendGrid, serve writes it as an RFC 5322
/// <c>.eml</c> file in its outbox folder, so a person opens exactly what the recipients would get. Nothing is sent, so
/// the API key setting the binding names (<c>apiKey</c>) is not read.
/// </summary>
/// <remarks>
/// The output value is the SendGrid v3 mail/send JSON, read as the WebJobs SendGrid extension reads a custom handler's
/// output (Azure/azure-webjobs-sdk-extensions, src/WebJobs.Extensions.SendGrid/Bindings/SendGridHelpers.cs):
/// <c>CreateMessage</c> turns a JSON object, or a string holding one, into a SendGridMessage; <c>DefaultMessageProperties</c>
/// fills <c>from</c>, <c>to</c>, <c>subject</c> and <c>text</c> from the binding's own function.json properties only
/// where the message has none; SendGridMessageAsyncCollector.AddAsync then refuses a message without a to or a from
/// address. An array is several messages, as for any collector output.
/// </remarks>
public sealed class SendGridOutbox(string folder, TimeProvider clock, ILogger logger)
{
    private static readonly FormatOptions Rfc5322 = CrlfFormat();

    /// <summary>Where the .eml files go (<c>serve --outbox</c>).</summary>
    public string Folder { get; } = Path.GetFullPath(folder);

    /// <summary>
    /// The messages of one output value, checked before anything of the invocation is written: a malformed message
    /// throws <see cref="BindingException"/> naming the binding. <paramref name="resolve"/> fills binding expressions in
    /// the binding's own properties (<c>{org}</c>).
    /// </summary>
    public static IReadOnlyList<MimeMessage> Read(string functionName, BindingDefinition binding, byte[]? bytes, JsonElement? json, Func<string, string> resolve)
    {
        JsonElement value;
        try
        {
            value = bytes is not null ? JsonDocument.Parse(bytes).RootElement
                : json!.Value.ValueKind == JsonValueKind.String ? JsonDocument.Parse(json.Value.GetString()!).RootElement
                : json!.Value;
        }
        catch (JsonException e)
        {
            throw Malformed(functionName, binding, $"not the SendGrid mail/send JSON ({e.Message})");
        }
        var items = value.ValueKind == JsonValueKind.Array ? value.EnumerateArray().ToList() : [value];
        var defaults = new BindingDefaults(
            Resolved(binding, "from", resolve), Resolved(binding, "to", resolve), Resolved(binding, "subject", resolve), Resolved(binding, "text", resolve));
        var messages = new List<MimeMessage>();
        foreach (var item in items)
        {
            try
            {
                messages.AddRange(Messages(item.ValueKind == JsonValueKind.String ? JsonDocument.Parse(item.GetString()!).RootElement : item, defaults));
            }
            catch (Exception e) when (e is FormatException or JsonException or ParseException or InvalidOperationException)
            {
                throw Malformed(functionName, binding, e.Message);
            }
        }
        return messages;
    }

    /// <summary>
    /// Writes each message as <c>{UTC yyyyMMddTHHmmssZ}-{function}-{invocation id}.eml</c> (<c>-2</c>, <c>-3</c> … after
    /// the id for a second message of the same invocation), with serve's clock as its Date; returns the files. Mail of an
    /// invocation whose binding data names an organization (<c>org</c>) goes in that organization's folder,
    /// <c>{outbox}/{org}/</c>, which its erasure deletes (<see cref="OrganizationMail"/>).
    /// </summary>
    public async Task<IReadOnlyList<string>> WriteAsync(string functionName, Guid invocationId, IReadOnlyList<MimeMessage> messages, string? org, CancellationToken cancellationToken)
    {
        // Only an organization id makes a folder: a binding value is a message's text, and must not name a path.
        var folder = Handler.Authorization.OrgAccessPolicy.IsOrgId(org) ? Path.Combine(Folder, org!) : Folder;
        var now = clock.GetUtcNow();
        var files = new List<string>();
        for (var i = 0; i < messages.Count; i++)
        {
            var message = messages[i];
            var suffix = i == 0 ? "" : $"-{i + 1}";
            message.Date = now;
            message.MessageId = $"{invocationId:N}{suffix}@serve.compliancerisk.localhost";
            // Transfer encodings chosen as a mail client sending it would: 7-bit safe, so any reader opens it.
            message.Prepare(EncodingConstraint.SevenBit);
            using var buffer = new MemoryStream();
            await message.WriteToAsync(Rfc5322, buffer, cancellationToken);
            var file = Path.Combine(folder, $"{now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)}-{functionName}-{invocationId}{suffix}.eml");
            // A new name for every invocation: an existing file is never replaced.
            await AtomicFile.WriteAsync(file, buffer.GetBuffer().AsMemory(0, (int)buffer.Length), overwrite: false, cancellationToken);
            logger.LogInformation("{Function}: mail to {Recipients} written to {File}", functionName, string.Join(", ", message.To.Mailboxes.Select(m => m.Address)), file);
            files.Add(file);
        }
        return files;
    }

    private sealed record BindingDefaults(string? From, string? To, string? Subject, string? Text);

    /// <summary>One message per personalization, as SendGrid sends one per personalization.</summary>
    private static IEnumerable<MimeMessage> Messages(JsonElement mail, BindingDefaults defaults)
    {
        if (mail.ValueKind != JsonValueKind.Object) throw new FormatException($"a message is a JSON object, not {mail.ValueKind}");
        if (Property(mail, "template_id") is { ValueKind: JsonValueKind.String })
            throw new InvalidOperationException("serve cannot render a SendGrid template (template_id): give the message its content");

        var from = Property(mail, "from") is { ValueKind: JsonValueKind.Object } fromJson ? Address(fromJson, "from")
            : defaults.From is { } defaultFrom ? Parse(defaultFrom, "the binding's from")
            : throw new InvalidOperationException("A 'From' address must be specified for the message.");
        var personalizations = Property(mail, "personalizations") is { ValueKind: JsonValueKind.Array } list ? list.EnumerateArray().ToList() : [];
        var firstTo = new List<MailboxAddress>();
        // The extension's IsToValid: every personalization has a to; otherwise the binding's to is added to the first.
        if ((personalizations.Count == 0 || personalizations.Any(p => Property(p, "to") is not { ValueKind: JsonValueKind.Array })) && defaults.To is { } defaultTo)
            firstTo.Add(Parse(defaultTo, "the binding's to"));
        // No personalization at all: the binding's to makes one (an Undefined element reads as one with nothing set).
        if (personalizations.Count == 0 && firstTo.Count > 0) personalizations.Add(default);

        var subject = Text(mail, "subject") is { Length: > 0 } own ? own : defaults.Subject;
        var contents = Property(mail, "content") is { ValueKind: JsonValueKind.Array } content
            ? content.EnumerateArray().Select(c => (Type: Text(c, "type") ?? throw new FormatException("a content entry needs its type"), Value: Text(c, "value") ?? "")).ToList()
            : [];
        if (contents.Count == 0 && defaults.Text is { } text) contents.Add(("text/plain", text));
        if (contents.Count == 0) throw new InvalidOperationException("the message has no content (SendGrid's mail/send needs at least one)");
        var attachments = Property(mail, "attachments") is { ValueKind: JsonValueKind.Array } files ? files.EnumerateArray().ToList() : [];

        if (personalizations.Count == 0) throw new InvalidOperationException("A 'To' address must be specified for the message.");
        for (var i = 0; i < personalizations.Count; i++)
        {
            var personalization = personalizations[i];
            var to = Addresses(personalization, "to").Concat(i == 0 ? firstTo : []).ToList();
            if (to.Count == 0) throw new InvalidOperationException("A 'To' address must be specified for the message.");
            var message = new MimeMessage();
            message.From.Add(Property(personalization, "from") is { ValueKind: JsonValueKind.Object } personalFrom ? Address(personalFrom, "from") : from);
            message.To.AddRange(to);
            message.Cc.AddRange(Addresses(personalization, "cc"));
            message.Bcc.AddRange(Addresses(personalization, "bcc"));
            if (Property(mail, "reply_to") is { ValueKind: JsonValueKind.Object } replyTo) message.ReplyTo.Add(Address(replyTo, "reply_to"));
            message.Subject = Text(personalization, "subject") ?? subject
                ?? throw new InvalidOperationException("the message has no subject (SendGrid's mail/send needs one)");
            foreach (var (name, value) in Headers(mail).Concat(Headers(personalization)))
                message.Headers.Add(name, value);
            message.Body = Body(contents, attachments);
            yield return message;
        }
    }

    /// <summary>multipart/mixed of the text (multipart/alternative when there are several) and the attachments.</summary>
    private static MimeEntity Body(List<(string Type, string Value)> contents, List<JsonElement> attachments)
    {
        var parts = contents.Select(c =>
        {
            var type = ContentType.Parse(c.Type);
            if (!type.MediaType.Equals("text", StringComparison.OrdinalIgnoreCase)) throw new FormatException($"content type '{c.Type}' is not text/…");
            var part = new TextPart(type.MediaSubtype);
            part.SetText(Encoding.UTF8, c.Value);
            return (MimeEntity)part;
        }).ToList();
        MimeEntity text = parts.Count == 1 ? parts[0] : new MultipartAlternative(parts.ToArray());
        if (attachments.Count == 0) return text;
        var mixed = new Multipart("mixed") { text };
        foreach (var attachment in attachments) mixed.Add(Attachment(attachment));
        return mixed;
    }

    private static MimePart Attachment(JsonElement attachment)
    {
        var fileName = Text(attachment, "filename") is { Length: > 0 } name ? name : throw new FormatException("an attachment needs its filename");
        byte[] content;
        try
        {
            content = Convert.FromBase64String(Text(attachment, "content") ?? throw new FormatException($"attachment '{fileName}' has no content"));
        }
        catch (FormatException)
        {
            throw new FormatException($"attachment '{fileName}': content is not base64");
        }
        var part = new MimePart(ContentType.Parse(Text(attachment, "type") ?? "application/octet-stream"))
        {
            Content = new MimeContent(new MemoryStream(content)),
            ContentDisposition = new ContentDisposition(Text(attachment, "disposition") ?? ContentDisposition.Attachment),
            ContentTransferEncoding = ContentEncoding.Base64,
            FileName = fileName,
        };
        if (Text(attachment, "content_id") is { } id) part.ContentId = id;
        return part;
    }

    private static IEnumerable<MailboxAddress> Addresses(JsonElement personalization, string name) =>
        Property(personalization, name) is { ValueKind: JsonValueKind.Array } list
            ? list.EnumerateArray().Select(a => Address(a, name)).ToList()
            : [];

    /// <summary>SendGrid's <c>{"email", "name"}</c>; the address checked as the extension checks one (System.Net.Mail.MailAddress).</summary>
    private static MailboxAddress Address(JsonElement json, string field)
    {
        var email = json.ValueKind == JsonValueKind.Object ? Text(json, "email") : null;
        if (email is null || !MailAddress.TryCreate(email, out var parsed) || parsed.DisplayName.Length > 0)
            throw new FormatException($"{field}: '{email}' is not an email address");
        return new MailboxAddress(Text(json, "name"), parsed.Address);
    }

    /// <summary>A binding property such as <c>"Reports &lt;reports@example.org&gt;"</c>, parsed as SendGridHelpers.TryParseAddress does.</summary>
    private static MailboxAddress Parse(string text, string field) =>
        MailAddress.TryCreate(text, out var parsed)
            ? new MailboxAddress(parsed.DisplayName.Length > 0 ? parsed.DisplayName : null, parsed.Address)
            : throw new FormatException($"Invalid '{field}' address '{text}'");

    private static IEnumerable<(string Name, string Value)> Headers(JsonElement json) =>
        Property(json, "headers") is { ValueKind: JsonValueKind.Object } headers
            ? headers.EnumerateObject().Select(h => (h.Name, h.Value.ValueKind == JsonValueKind.String ? h.Value.GetString()! : h.Value.GetRawText())).ToList()
            : [];

    /// <summary>A property by name, ignoring case as Json.NET's ToObject does; Undefined when absent or not an object.</summary>
    private static JsonElement Property(JsonElement json, string name) =>
        json.ValueKind == JsonValueKind.Object
            ? json.EnumerateObject().FirstOrDefault(p => p.Name.Equals(name, StringComparison.OrdinalIgnoreCase)).Value
            : default;

    private static string? Text(JsonElement json, string name) =>
        Property(json, name) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    private static string? Resolved(BindingDefinition binding, string property, Func<string, string> resolve) =>
        StorageBindings.Text(binding, property) is { Length: > 0 } template ? resolve(template) : null;

    private static BindingException Malformed(string functionName, BindingDefinition binding, string problem) =>
        new($"{functionName} ({binding.Type} '{binding.Name}'): {problem}");

    private static FormatOptions CrlfFormat()
    {
        // RFC 5322 lines end in CRLF, whatever the platform's newline.
        var format = FormatOptions.Default.Clone();
        format.NewLineFormat = NewLineFormat.Dos;
        return format;
    }
}

/// <summary>
/// serve's outbox as the mail an organization's erasure erases: the organization's folder, <c>{outbox}/{org}/</c>, and
/// every message in it (<see cref="SendGridOutbox.WriteAsync"/> puts there the mail of invocations for that organization).
/// </summary>
public sealed class OrganizationMail(string outbox) : Handler.IMailOutbox
{
    public Task<int> EraseAsync(string org, CancellationToken cancellationToken)
    {
        if (!Handler.Authorization.OrgAccessPolicy.IsOrgId(org)) throw new ArgumentException($"'{org}' is not an organization id", nameof(org));
        var folder = Path.Combine(Path.GetFullPath(outbox), org);
        if (!Directory.Exists(folder)) return Task.FromResult(0);
        var messages = Directory.EnumerateFiles(folder, "*.eml").Count();
        Directory.Delete(folder, recursive: true);
        return Task.FromResult(messages);
    }
}
