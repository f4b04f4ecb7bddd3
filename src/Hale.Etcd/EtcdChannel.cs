using Grpc.Core;
using Grpc.Net.Client;
using Grpc.Net.Client.Balancer;
using Grpc.Net.Client.Configuration;

namespace Hale.Etcd;

/// <summary>
/// The one gRPC channel of a store: plain HTTP/2 to every endpoint, calls balanced round-robin over the members that are
/// connected, a call that finds its member gone (<c>Unavailable</c>) retried on another within its deadline.
/// </summary>
internal static class EtcdChannel
{
    /// <summary>A name for the static resolver; never resolved through DNS.</summary>
    private const string Address = "static:///etcd";

    public static GrpcChannel Create(IReadOnlyList<Uri> endpoints, TimeSpan deadline)
    {
        var addresses = endpoints.Select(e => new BalancerAddress(e.DnsSafeHost, e.Port)).ToArray();
        var handler = new SocketsHttpHandler
        {
            // A member that does not accept is abandoned within a call's deadline.
            ConnectTimeout = deadline,

            // A member that is frozen (SIGSTOP, cut off) never closes its connection: pings find it. etcd's server refuses
            // pings more often than every 5 s (--grpc-keepalive-min-time) and closes the connection, hence these values.
            KeepAlivePingDelay = TimeSpan.FromSeconds(10),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(5),
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,
            EnableMultipleHttp2Connections = true,
        };

        var options = new GrpcChannelOptions
        {
            Credentials = ChannelCredentials.Insecure,
            HttpHandler = handler,
            DisposeHttpClient = true,
            ThrowOperationCanceledOnCancellation = true,

            // A member that comes back is connected again within 2 s (gRPC's default backs off up to 120 s).
            InitialReconnectBackoff = TimeSpan.FromMilliseconds(100),
            MaxReconnectBackoff = TimeSpan.FromSeconds(2),
            ServiceProvider = new ResolverServices(new StaticResolverFactory(_ => addresses)),
            ServiceConfig = new ServiceConfig
            {
                LoadBalancingConfigs = { new RoundRobinConfig() },
                MethodConfigs =
                {
                    new MethodConfig
                    {
                        Names = { MethodName.Default },
                        RetryPolicy = new RetryPolicy
                        {
                            MaxAttempts = 4,
                            InitialBackoff = TimeSpan.FromMilliseconds(50),
                            MaxBackoff = TimeSpan.FromMilliseconds(250),
                            BackoffMultiplier = 2,
                            RetryableStatusCodes = { StatusCode.Unavailable },
                        },
                    },
                },
            },
        };

        return GrpcChannel.ForAddress(Address, options);
    }
}
