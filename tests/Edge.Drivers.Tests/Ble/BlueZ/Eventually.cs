namespace Edge.Drivers.Tests.Ble.BlueZ;

/// <summary>
/// Polls a condition on the double's state that has no event of its own (e.g. a call log) until it holds, failing
/// after a generous deadline. The poll interval is short; the test ends as soon as the condition holds.
/// </summary>
internal static class Eventually
{
    public static async Task<T> HoldsAsync<T>(Func<Task<T>> probe, Func<T, bool> condition, string what)
    {
        var deadline = TimeProvider.System.GetUtcNow() + CentralHarness.Patience;
        while (true)
        {
            var value = await probe();
            if (condition(value))
            {
                return value;
            }

            if (TimeProvider.System.GetUtcNow() > deadline)
            {
                Assert.Fail($"Timed out waiting for: {what}");
            }

            await Task.Delay(20);
        }
    }
}
