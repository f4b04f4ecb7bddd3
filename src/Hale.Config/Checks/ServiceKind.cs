using Hale.Checks;
using Hale.Config.Schema;
using Hale.Config.Yaml;
using YamlDotNet.RepresentationModel;

namespace Hale.Config.Checks;

/// <summary><c>service: NAME</c> → OK while that supervised service is ready (e.g. to serve its readiness to a load balancer).</summary>
internal sealed class ServiceKind : ICheckKind
{
    public string Name => "service";

    public string Description => "OK while the service of that name (under services) is ready.";

    public SchemaNode Schema => SchemaNode.Text;

    public ICheck? Build(YamlNode value, CheckPath path, CheckReader reader)
    {
        var c = reader.Context;
        if (YamlValues.String(value, c.Errors, Name) is not { } service)
        {
            return null;
        }

        if (!c.ServiceNames.Contains(service))
        {
            c.Errors.Add(value, $"service: no service named '{service}' under 'services'");
            return null;
        }

        c.Graph.Add(DependencyGraph.Service(service), value);
        return c.Services.ReadyCheck(service);
    }
}
