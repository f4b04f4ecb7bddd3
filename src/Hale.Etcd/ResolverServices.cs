using Grpc.Net.Client.Balancer;

namespace Hale.Etcd;

/// <summary>
/// The one service a load-balanced <see cref="Grpc.Net.Client.GrpcChannel"/> needs from its service provider: the resolver of
/// the <c>static</c> scheme, which the channel asks for as the list of resolver factories (every other service is null, so the
/// channel uses its defaults). Avoids a dependency-injection container for one singleton.
/// </summary>
internal sealed class ResolverServices(ResolverFactory resolver) : IServiceProvider
{
    private readonly ResolverFactory[] _resolvers = [resolver];

    public object? GetService(Type serviceType) =>
        serviceType == typeof(IEnumerable<ResolverFactory>) ? _resolvers
        : serviceType == typeof(ResolverFactory) ? resolver
        : null;
}
