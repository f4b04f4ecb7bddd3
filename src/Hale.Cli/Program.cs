using Hale.Cli;

return await HaleCommand.InvokeAsync(args, Console.Out, Console.Error);
