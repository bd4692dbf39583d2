using System.Text.Json;

namespace Edge.Sync.Residency;

/// <summary>
/// The 1-based line of every value in a JSON document by its path (<c>/rules/3/effect</c>), so validation errors can
/// name a line. Also rejects duplicate keys, which <see cref="System.Text.Json.Nodes.JsonNode"/> would otherwise
/// resolve silently.
/// </summary>
internal sealed class LineMap
{
    private readonly Dictionary<string, int> _lines = new(StringComparer.Ordinal);

    private LineMap()
    {
    }

    /// <summary>The line of the value at <paramref name="path"/>, or of its nearest recorded parent; 1 for the root.</summary>
    public int LineOf(string path)
    {
        while (true)
        {
            if (_lines.TryGetValue(path, out var line))
            {
                return line;
            }

            var slash = path.LastIndexOf('/');
            if (slash <= 0)
            {
                return _lines.TryGetValue(string.Empty, out var root) ? root : 1;
            }

            path = path[..slash];
        }
    }

    /// <summary>Scans a document. Malformed JSON is left for the real parser to report.</summary>
    /// <exception cref="ResidencyPolicyException">A key appears twice in one object.</exception>
    public static LineMap Scan(ReadOnlySpan<byte> utf8, string source)
    {
        var map = new LineMap();
        var lineStarts = new List<long> { 0 };
        for (var i = 0; i < utf8.Length; i++)
        {
            if (utf8[i] == (byte)'\n')
            {
                lineStarts.Add(i + 1);
            }
        }

        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        var stack = new Stack<Frame>();
        string? key = null;
        try
        {
            while (reader.Read())
            {
                var line = LineAt(lineStarts, reader.TokenStartIndex);
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        key = reader.GetString()!;
                        if (!stack.Peek().Keys!.Add(key))
                        {
                            throw new ResidencyPolicyException($"{source}:{line}: the key \"{key}\" appears twice in the same object");
                        }

                        map._lines[stack.Peek().Path + "/" + key] = line;
                        break;
                    case JsonTokenType.StartObject:
                    case JsonTokenType.StartArray:
                        var path = ChildPath(stack, key);
                        map._lines.TryAdd(path, line);
                        stack.Push(new Frame(path, reader.TokenType == JsonTokenType.StartObject ? new HashSet<string>(StringComparer.Ordinal) : null));
                        key = null;
                        break;
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        stack.Pop();
                        break;
                    default:
                        map._lines.TryAdd(ChildPath(stack, key), line);
                        key = null;
                        break;
                }
            }
        }
        catch (JsonException)
        {
            // Reported with its line by the parser that follows.
        }

        return map;
    }

    private static string ChildPath(Stack<Frame> stack, string? key)
    {
        if (stack.Count == 0)
        {
            return string.Empty;
        }

        var parent = stack.Peek();
        if (parent.Keys is null)
        {
            return parent.Path + "/" + parent.NextIndex++;
        }

        return parent.Path + "/" + key;
    }

    private static int LineAt(List<long> lineStarts, long offset)
    {
        var index = lineStarts.BinarySearch(offset);
        return (index >= 0 ? index : ~index - 1) + 1;
    }

    private sealed class Frame(string path, HashSet<string>? keys)
    {
        public string Path { get; } = path;

        public HashSet<string>? Keys { get; } = keys;

        public int NextIndex { get; set; }
    }
}
