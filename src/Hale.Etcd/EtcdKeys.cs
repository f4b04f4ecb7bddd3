using Etcdserverpb;
using Google.Protobuf;
using Hale.Failover;
using Mvccpb;

namespace Hale.Etcd;

/// <summary>Key encoding: UTF-8 keys and values, prefix ranges, entries as the core sees them.</summary>
internal static class EtcdKeys
{
    public static ByteString Key(string key) => ByteString.CopyFromUtf8(key);

    /// <summary>
    /// The end of the range of every key that starts with <paramref name="prefix"/>: the prefix with its last byte below 0xff
    /// incremented (trailing 0xff bytes dropped); "\0" (to the end of the key space) when there is none, as etcd's clientv3 does.
    /// </summary>
    public static ByteString PrefixEnd(string prefix)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(prefix);
        for (var i = bytes.Length - 1; i >= 0; i--)
        {
            if (bytes[i] < 0xff)
            {
                bytes[i]++;
                return ByteString.CopyFrom(bytes, 0, i + 1);
            }
        }

        return ByteString.CopyFrom(0);
    }

    /// <summary>The range request start for <paramref name="prefix"/>: the empty prefix is every key, which etcd spells "\0".</summary>
    public static ByteString PrefixStart(string prefix) => prefix.Length == 0 ? ByteString.CopyFrom(0) : Key(prefix);

    public static RangeRequest PrefixRange(string prefix) => new() { Key = PrefixStart(prefix), RangeEnd = PrefixEnd(prefix) };

    public static CoordinationEntry Entry(KeyValue kv) =>
        new(kv.Key.ToStringUtf8(), kv.Value.ToStringUtf8(), kv.CreateRevision, kv.ModRevision, kv.Lease);
}
