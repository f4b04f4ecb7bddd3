using YamlDotNet.Core;

namespace Hale.Config.Yaml;

/// <summary>A file past a limit of <c>yaml_limits</c>, at the first node past it; reported as is, not as a syntax error.</summary>
internal sealed class StructureLimitException(Mark start, Mark end, string message) : YamlException(start, end, message);
