namespace Hale.Services;

/// <summary>What became of an operator's signal to a service's main process (<c>hale ctl signal SERVICE SIGNAL</c>).</summary>
/// <param name="Sent">Whether the signal was sent.</param>
/// <param name="Pid">The process it was sent (or meant) to, when known.</param>
/// <param name="Message">What happened, e.g. <c>SIGHUP sent to pid 1234</c>, or why nothing was sent.</param>
public sealed record ServiceSignalResult(bool Sent, int? Pid, string Message);
