using System.Globalization;

namespace Hale.Processes;

/// <summary>Looks users and groups up through the system's name service (<c>getpwnam_r</c>, <c>getgrnam_r</c>). Thread-safe.</summary>
internal static unsafe class UserAccounts
{
    private const int FirstBufferBytes = 1024;
    private const int MaxBufferBytes = 1 << 20;

    /// <summary>Finds a user by name, or by number when the name is all digits and no user has it as a name.</summary>
    /// <param name="user">A user name or a numeric uid.</param>
    /// <param name="uid">The user's id.</param>
    /// <param name="primaryGid">The user's primary group id.</param>
    /// <returns>False when the system knows no such user (or the lookup failed).</returns>
    public static bool TryFindUser(string user, out uint uid, out uint primaryGid)
    {
        var byNumber = uint.TryParse(user, NumberStyles.None, CultureInfo.InvariantCulture, out var number);
        for (var size = FirstBufferBytes; size <= MaxBufferBytes; size *= 2)
        {
            var buffer = new byte[size];
            NativePasswd entry;
            NativePasswd* result = null;
            int error;
            fixed (byte* pointer = buffer)
            {
                error = NativeMethods.GetPwNamR(user, &entry, pointer, (nuint)size, &result);
                if (error == 0 && result is null && byNumber)
                {
                    error = NativeMethods.GetPwUidR(number, &entry, pointer, (nuint)size, &result);
                }
            }

            if (error == NativeMethods.ERANGE)
            {
                continue;
            }

            var found = error == 0 && result is not null;
            uid = found ? entry.Uid : 0;
            primaryGid = found ? entry.Gid : 0;
            return found;
        }

        uid = primaryGid = 0;
        return false;
    }

    /// <summary>Finds a group by name; a name of all digits is taken as a group id even when no group has it.</summary>
    /// <param name="group">A group name or a numeric gid.</param>
    /// <param name="gid">The group's id.</param>
    /// <returns>False when the system knows no such group (or the lookup failed).</returns>
    public static bool TryFindGroup(string group, out uint gid)
    {
        for (var size = FirstBufferBytes; size <= MaxBufferBytes; size *= 2)
        {
            var buffer = new byte[size];
            NativeGroup entry;
            NativeGroup* result = null;
            int error;
            fixed (byte* pointer = buffer)
            {
                error = NativeMethods.GetGrNamR(group, &entry, pointer, (nuint)size, &result);
            }

            if (error == NativeMethods.ERANGE)
            {
                continue;
            }

            if (error == 0 && result is not null)
            {
                gid = entry.Gid;
                return true;
            }

            break;
        }

        return uint.TryParse(group, NumberStyles.None, CultureInfo.InvariantCulture, out gid);
    }
}
