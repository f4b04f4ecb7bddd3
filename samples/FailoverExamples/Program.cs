// failover's five README examples with the Hale library: dotnet run --project samples/FailoverExamples -- 1..5
// (they probe 192.0.2.1:25 as the README does; edit the address to point at your mail server).
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

Func<CancellationToken, Task>? example = args.FirstOrDefault() switch
{
    "1" => Example1.RunAsync,
    "2" => Example2.RunAsync,
    "3" => Example3.RunAsync,
    "4" => Example4.RunAsync,
    "5" => Example5.RunAsync,
    _ => null,
};

if (example is null)
{
    Console.Error.WriteLine("usage: FailoverExamples 1|2|3|4|5");
    return 2;
}

await example(stop.Token);
return 0;
