using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Edge.Sync.Wire;

/// <summary>
/// Writes a device timestamp as <c>yyyy-MM-ddTHH:mm:ss.fff±hh:mm</c>, keeping the offset the device reported (device
/// clocks are often local time) and always three fraction digits, as <c>edge.batch/1</c> has since its first version.
/// Formats on the stack; allocates nothing.
/// </summary>
internal sealed class DeviceTimeJsonConverter : JsonConverter<DateTimeOffset>
{
    private const string Format = "yyyy-MM-dd'T'HH:mm:ss.fffzzz";

    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        DateTimeOffset.ParseExact(reader.GetString()!, Format, CultureInfo.InvariantCulture);

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        Span<char> text = stackalloc char[32];
        if (!value.TryFormat(text, out var written, Format, CultureInfo.InvariantCulture))
        {
            throw new FormatException("A device time did not fit its 32-character format.");
        }

        writer.WriteStringValue(text[..written]);
    }
}
