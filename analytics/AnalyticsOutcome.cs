using Edge.Analytics.News2;
using Edge.Core;

namespace Edge.Analytics;

/// <summary>The result of <see cref="AnalyticsEngine.Process"/> for one reading.</summary>
/// <param name="Use">What the engine did with the reading.</param>
/// <param name="News2">
/// The patient's NEWS2 after this reading when <paramref name="Use"/> is <see cref="ReadingUse.Scored"/>; otherwise
/// <see langword="null"/>, because nothing about the patient's score changed.
/// </param>
/// <param name="Alerts">The alerts this reading raised, usually none and never more than one.</param>
public sealed record AnalyticsOutcome(ReadingUse Use, News2Result? News2, IReadOnlyList<Alert> Alerts);
