namespace Hale.Config.Importers.Valet;

/// <summary>The keys of an ha_valet section (COMPAT §2).</summary>
internal static class ValetKeys
{
    public const string Host = "host";
    public const string User = "user";
    public const string Port = "port";
    public const string Protocol = "protocol";
    public const string StartCommand = "start_command";
    public const string StopCommand = "stop_command";
    public const string TestCommand = "test_command";
    public const string Order = "order";
    public const string Priority = "priority";
    public const string StandByList = "stand_by_list";

    /// <summary>The keys a section must have to be monitored.</summary>
    public static readonly string[] Required = [Host, User, Port, Protocol, StartCommand, StopCommand, TestCommand];

    /// <summary>The keys whose values are Python string expressions.</summary>
    public static readonly string[] Commands = [StartCommand, StopCommand, TestCommand];
}
