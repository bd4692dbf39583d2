using Edge.Sync.Residency;
using Microsoft.Extensions.Options;

namespace Edge.Sync.Uplink;

/// <summary>Every configured destination: <c>Edge:Uplink</c> first, then <c>Edge:Destinations:*</c>.</summary>
public sealed class DestinationSet
{
    /// <exception cref="OptionsValidationException">Two destinations share an id.</exception>
    public DestinationSet(IReadOnlyList<UplinkOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var duplicate = options.GroupBy(o => o.Id, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new OptionsValidationException(nameof(UplinkOptions), typeof(UplinkOptions), [$"Id: two destinations are both called '{duplicate.Key}'; every destination (Edge:Uplink and each Edge:Destinations entry) needs its own Id."]);
        }

        Options = options;
        Destinations = options.Select(o => new Destination(o.Id, o.Region, o.Purpose)).ToList();
    }

    /// <summary>The uplink options of each destination.</summary>
    public IReadOnlyList<UplinkOptions> Options { get; }

    /// <summary>The destinations as the residency policy sees them.</summary>
    public IReadOnlyList<Destination> Destinations { get; }
}

/// <summary>The uplink status of every destination; the first destination's is also the <see cref="UplinkStatus"/> singleton.</summary>
public sealed class UplinkStatusBoard
{
    private readonly Dictionary<string, UplinkStatus> _byId = new(StringComparer.Ordinal);

    public UplinkStatusBoard(DestinationSet destinations, UplinkStatus primary)
    {
        ArgumentNullException.ThrowIfNull(destinations);
        for (var i = 0; i < destinations.Options.Count; i++)
        {
            _byId[destinations.Options[i].Id] = i == 0 ? primary : new UplinkStatus();
        }

        Ids = destinations.Options.Select(o => o.Id).ToList();
    }

    /// <summary>Destination ids in configuration order.</summary>
    public IReadOnlyList<string> Ids { get; }

    /// <summary>The status of one destination.</summary>
    public UplinkStatus For(string id) => _byId[id];
}
