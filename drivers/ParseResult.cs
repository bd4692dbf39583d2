using System.Diagnostics.CodeAnalysis;

namespace Edge.Drivers;

/// <summary>
/// The outcome of parsing device bytes: either a <see cref="Value"/> or a precise, PHI-free <see cref="Error"/>.
/// Parsers return a failed result for bad device bytes and never throw on them; malformed input from a device is an
/// expected event, not a programmer error. Error texts name fields, byte counts and columns, never values, serial
/// numbers or addresses, so they are safe to log and count.
/// </summary>
/// <remarks>
/// <c>default(ParseResult&lt;T&gt;)</c> is a failure ("no result"), so an uninitialised result can never pass as a
/// success. Immutable and thread-safe.
/// </remarks>
/// <typeparam name="T">The parsed value.</typeparam>
/// <seealso cref="ParseResult"/>
public readonly record struct ParseResult<T>
{
    private readonly T? _value;
    private readonly string? _error;

    internal ParseResult(bool isSuccess, T? value, string? error)
    {
        IsSuccess = isSuccess;
        _value = value;
        _error = error;
    }

    /// <summary>True when <see cref="Value"/> holds the parsed value.</summary>
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsSuccess { get; }

    /// <summary>The parsed value.</summary>
    /// <exception cref="InvalidOperationException">The result is a failure (check <see cref="IsSuccess"/> first).</exception>
    public T Value => IsSuccess
        ? _value!
        : throw new InvalidOperationException("A failed ParseResult has no value; check IsSuccess first.");

    /// <summary>Why parsing failed, or <see langword="null"/> on success. PHI-free.</summary>
    public string? Error => IsSuccess ? null : _error ?? "no result";

    /// <summary>Gets the value when the result is a success.</summary>
    public bool TryGetValue([MaybeNullWhen(false)] out T value)
    {
        value = _value;
        return IsSuccess;
    }

    /// <inheritdoc/>
    public override string ToString() => IsSuccess ? "ParseResult(success)" : $"ParseResult(failure: {Error})";
}

/// <summary>Creates <see cref="ParseResult{T}"/> values (the companion of the generic type, as with <c>Nullable</c>).</summary>
public static class ParseResult
{
    /// <summary>A successful result holding <paramref name="value"/>.</summary>
    public static ParseResult<T> Success<T>(T value) => new(true, value, null);

    /// <summary>A failed result with a PHI-free reason.</summary>
    /// <exception cref="ArgumentException"><paramref name="error"/> is null or blank.</exception>
    public static ParseResult<T> Failure<T>(string error)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(error);
        return new(false, default, error);
    }
}
