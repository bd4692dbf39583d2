namespace Edge.Sync.Outbox;

/// <summary>What a data class does when its byte quota is reached.</summary>
public enum FullPolicy
{
    /// <summary>Refuse new items of the class; they are counted and never acknowledged as stored.</summary>
    Reject,
    /// <summary>Delete the oldest items of the class to make room.</summary>
    DropOldest,
    /// <summary>Thin the oldest part of the backlog (every other item) to make room, keeping coverage of the whole span.</summary>
    Downsample,
}
