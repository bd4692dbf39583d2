using System.Text.Json.Serialization.Metadata;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Edge.Host.Control;

/// <summary>
/// Reads a request body as JSON with an error a person can act on: which line and byte is malformed, which field
/// has the wrong type or is unknown. Never echoes the body (it may hold a PIN or a patient id).
/// </summary>
internal static class JsonBody
{
    /// <summary>Reads the body; an empty body yields <paramref name="empty"/> (null: the body is required).</summary>
    /// <returns>The value, or null and the 400 answer to send.</returns>
    public static async Task<(T? Value, IResult? Error)> ReadAsync<T>(HttpRequest request, JsonTypeInfo<T> type, T? empty, string example)
        where T : class
    {
        using var buffer = new MemoryStream();
        try
        {
            await request.Body.CopyToAsync(buffer, request.HttpContext.RequestAborted);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, ApiResults.BadRequest("The body is larger than 16 KiB.", $"Send a small JSON object, e.g. {example}."));
        }

        if (buffer.Length == 0 || buffer.ToArray().All(b => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
        {
            return empty is not null
                ? (empty, null)
                : (null, ApiResults.BadRequest("The request body is empty.", $"Send a JSON object, e.g. {example}."));
        }

        if (request.ContentType is { } contentType && !contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return (null, ApiResults.BadRequest("The body must be JSON (Content-Type: application/json).", $"Send Content-Type: application/json and a body such as {example}."));
        }

        try
        {
            buffer.Position = 0;
            var value = await JsonSerializer.DeserializeAsync(buffer, type, request.HttpContext.RequestAborted);
            return value is null
                ? (null, ApiResults.BadRequest("The body is JSON null, not an object.", $"Send a JSON object, e.g. {example}."))
                : (value, null);
        }
        catch (JsonException e)
        {
            return (null, ApiResults.BadRequest(Describe(e), $"Send a JSON object such as {example}."));
        }
    }

    /// <summary>A field that must be present and non-empty.</summary>
    public static IResult? Required(string? value, string field, string example) =>
        string.IsNullOrWhiteSpace(value) ? ApiResults.BadRequest($"Field '{field}' is required.", $"Send it as a string, e.g. {example}.") : null;

    private static string Describe(JsonException e)
    {
        var field = e.Path is { Length: > 2 } path && path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : null;
        var where = e.LineNumber is { } line && e.BytePositionInLine is { } position
            ? $" (line {line + 1}, byte {position + 1})"
            : string.Empty;
        var message = e.Message;
        if (message.Contains("could not be mapped to any .NET member", StringComparison.Ordinal))
        {
            return field is null ? "The body has a field this endpoint does not know." : $"Field '{field}' is not part of this request.";
        }

        if (message.Contains("could not be converted", StringComparison.Ordinal))
        {
            return field is null ? "The body must be a JSON object." : $"Field '{field}' has the wrong type{where}.";
        }

        return $"The body is not valid JSON{where}.";
    }
}
