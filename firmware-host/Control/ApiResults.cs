using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;

namespace Edge.Host.Control;

/// <summary>Writes API answers: JSON bodies through the source-generated context, errors in one shape.</summary>
internal static class ApiResults
{
    public static IResult Json<T>(T value, JsonTypeInfo<T> type, int status = StatusCodes.Status200OK) =>
        Results.Json(value, type, contentType: "application/json; charset=utf-8", statusCode: status);

    public static IResult Error(int status, string error, string message, string fix) =>
        Json(new ApiError(error, message, fix), ControlJson.Default.ApiError, status);

    public static IResult BadRequest(string message, string fix) => Error(StatusCodes.Status400BadRequest, "bad-request", message, fix);

    public static IResult NotFound(string what, string fix) => Error(StatusCodes.Status404NotFound, "not-found", what, fix);

    public static IResult Conflict(string error, string message, string fix) => Error(StatusCodes.Status409Conflict, error, message, fix);

    public static IResult Unavailable(string error, string message, string fix) => Error(StatusCodes.Status503ServiceUnavailable, error, message, fix);
}
