using System.Collections.Frozen;
using Microsoft.AspNetCore.Http;

namespace Edge.Host.Control;

/// <summary>
/// The nurse page: three static files embedded in the assembly (<c>Control/web</c>), served with a strict
/// Content-Security-Policy (same-origin scripts and styles only, no framing). They hold no data; everything the page
/// shows comes from the API after login. Thread-safe (immutable).
/// </summary>
public static class StaticPage
{
    private static readonly FrozenDictionary<string, (byte[] Body, string ContentType)> Files = Load();

    /// <summary>Serves <c>/</c>, <c>/index.html</c>, <c>/app.css</c> and <c>/app.js</c>; anything else is 404.</summary>
    public static IResult Serve(HttpContext context, string? file)
    {
        ArgumentNullException.ThrowIfNull(context);
        var name = string.IsNullOrEmpty(file) ? "index.html" : file;
        if (!Files.TryGetValue(name, out var entry))
        {
            return ApiResults.NotFound("No such page.", "Open / for the nurse page.");
        }

        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers.CacheControl = "no-cache";
        return Results.Bytes(entry.Body, entry.ContentType);
    }

    private static FrozenDictionary<string, (byte[] Body, string ContentType)> Load()
    {
        var assembly = typeof(StaticPage).Assembly;
        var files = new Dictionary<string, (byte[], string)>(StringComparer.Ordinal);
        foreach (var (name, type) in new[] { ("index.html", "text/html; charset=utf-8"), ("app.css", "text/css; charset=utf-8"), ("app.js", "text/javascript; charset=utf-8") })
        {
            using var stream = assembly.GetManifestResourceStream("Edge.Host.Control.web." + name)
                ?? throw new InvalidOperationException($"The nurse page file {name} is missing from the build (Control/web).");
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            files[name] = (buffer.ToArray(), type);
        }

        return files.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
