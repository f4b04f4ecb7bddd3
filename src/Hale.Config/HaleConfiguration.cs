using System.Net;
using Hale.State;

namespace Hale.Config;

/// <summary>A loaded configuration: where to listen, where operator state lives, and the components. Nothing in it is started.</summary>
public sealed class HaleConfiguration
{
    internal HaleConfiguration(
        string sourcePath,
        IReadOnlyList<IPEndPoint> listen,
        string stateDirectory,
        IOperatorStateStore stateStore,
        IReadOnlyList<ComponentDefinition> components)
    {
        SourcePath = sourcePath;
        Listen = listen;
        StateDirectory = stateDirectory;
        StateStore = stateStore;
        Components = components;
    }

    /// <summary>The file the configuration came from, as the caller named it.</summary>
    public string SourcePath { get; }

    /// <summary>The HTTP end points (<c>http.listen</c>), at least one. <value>The default is 127.0.0.1:8080.</value></summary>
    public IReadOnlyList<IPEndPoint> Listen { get; }

    /// <summary>The absolute directory of operator state (<c>state_dir</c>). <value>The default is <c>./state</c> beside the file.</value></summary>
    public string StateDirectory { get; }

    /// <summary>The store over <see cref="StateDirectory"/> that toggles and oneshots persist into.</summary>
    public IOperatorStateStore StateStore { get; }

    /// <summary>The top-level checks, in file order.</summary>
    public IReadOnlyList<ComponentDefinition> Components { get; }
}
