using Microsoft.Extensions.Logging;

namespace Hale.Services;

/// <summary>Options of a <see cref="Supervisor"/>.</summary>
public sealed class SupervisorOptions
{
    /// <summary>The clock. <value>The default is <see cref="TimeProvider.System"/>.</value></summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Where logs go (state changes, child output lines with the service name). <value>The default logs nothing.</value></summary>
    public ILoggerFactory? LoggerFactory { get; init; }

    /// <summary>
    /// Marks every owned child (environment <c>HALE_OWNER</c>) so that processes left by a Hale that was SIGKILLed are
    /// found and killed when it starts again; one value per Hale instance, e.g. its state directory.
    /// <value>The default is <c>hale</c>.</value>
    /// </summary>
    public string Owner { get; init; } = "hale";

    /// <summary>How long <see cref="Supervisor.StartAsync"/> waits for one start-order group to settle before the next. <value>The default is 10 seconds.</value></summary>
    public TimeSpan OrderGroupTimeout { get; init; } = TimeSpan.FromSeconds(10);
}
