// Baseline for the HTTP benchmark: the same Kestrel, no Hale, a constant body. Usage: BareKestrel PORT
var port = int.Parse(args.FirstOrDefault() ?? "18081", System.Globalization.CultureInfo.InvariantCulture);
var builder = WebApplication.CreateSlimBuilder();
builder.Logging.ClearProviders();
builder.WebHost.UseKestrel(o =>
{
    o.AddServerHeader = false;
    o.Listen(System.Net.IPAddress.Loopback, port);
});
var app = builder.Build();
app.MapGet("/bench", () => "OK");
app.Run();
