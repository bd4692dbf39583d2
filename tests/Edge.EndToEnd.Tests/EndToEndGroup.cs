namespace Edge.EndToEnd.Tests;

/// <summary>
/// End-to-end tests run one at a time: each starts a broker and a gateway process, and on two cores parallel runs
/// would measure the scheduler rather than the gateway.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class EndToEndGroup
{
    public const string Name = "end-to-end";
}
