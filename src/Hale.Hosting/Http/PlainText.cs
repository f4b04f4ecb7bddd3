using System.Text;
using Microsoft.AspNetCore.Http;

namespace Hale.Hosting.Http;

/// <summary>Writes failover's plain-text answers: one status, one short body, <c>text/plain; charset=utf-8</c>.</summary>
internal static class PlainText
{
    public const string ContentType = "text/plain; charset=utf-8";
    private static readonly byte[] OkBody = "OK"u8.ToArray();
    private static readonly byte[] FailBody = "FAIL"u8.ToArray();
    private static readonly byte[] ErrorBody = "ERROR"u8.ToArray();

    public static Task WriteAsync(HttpContext context, int status, string body) =>
        WriteAsync(context, status, body switch
        {
            "OK" => OkBody,
            "FAIL" => FailBody,
            "ERROR" => ErrorBody,
            _ => Encoding.UTF8.GetBytes(body),
        });

    public static Task WriteAsync(HttpContext context, int status, byte[] body)
    {
        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = ContentType;
        response.ContentLength = body.Length;
        return HttpMethods.IsHead(context.Request.Method) ? Task.CompletedTask : response.Body.WriteAsync(body, 0, body.Length);
    }

    public static Task WriteStatusAsync(HttpContext context, Checks.CheckStatus status) => status switch
    {
        Checks.CheckStatus.Ok => WriteAsync(context, StatusCodes.Status200OK, OkBody),
        Checks.CheckStatus.Fail => WriteAsync(context, StatusCodes.Status503ServiceUnavailable, FailBody),
        _ => WriteAsync(context, StatusCodes.Status500InternalServerError, ErrorBody),
    };

    public static Task NotFoundAsync(HttpContext context) => WriteAsync(context, StatusCodes.Status404NotFound, ErrorBody);
}
