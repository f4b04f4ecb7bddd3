using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace Hale.Auth;

/// <summary>The system's <c>crypt_r</c> (libxcrypt, <c>libcrypt.so.1</c>): bcrypt, <c>$1$</c>, <c>$5$</c>, <c>$6$</c> and DES.</summary>
/// <remarks>
/// Thread-safe: each call has its own <c>struct crypt_data</c> (32768 bytes in libxcrypt), zeroed before use and
/// cleared before it is freed. Strings are passed as NUL-terminated UTF-8 that this class encodes itself, so that the
/// copy of the password can be cleared afterwards.
/// </remarks>
internal static unsafe partial class LibCrypt
{
    public const string LibraryName = "libcrypt.so.1";

    private const int CryptDataSize = 32768;

    /// <summary>Hashes <paramref name="password"/> (UTF-8, no NUL) with the algorithm and salt of <paramref name="setting"/>.</summary>
    /// <returns>The hash; <see langword="null"/> or a failure token starting with <c>*</c> when the setting is invalid.</returns>
    /// <exception cref="DllNotFoundException">libcrypt.so.1 is not installed.</exception>
    /// <exception cref="EntryPointNotFoundException">The library has no <c>crypt_r</c>.</exception>
    public static string? Crypt(ReadOnlySpan<byte> password, string setting)
    {
        byte[] phrase = new byte[password.Length + 1];
        password.CopyTo(phrase);
        byte[] settingBytes = Encoding.UTF8.GetBytes(setting + "\0");
        void* data = NativeMemory.AllocZeroed(CryptDataSize);
        try
        {
            fixed (byte* phrasePtr = phrase)
            fixed (byte* settingPtr = settingBytes)
            {
                byte* result = CryptR(phrasePtr, settingPtr, data);
                return result is null ? null : Marshal.PtrToStringUTF8((nint)result);
            }
        }
        finally
        {
            NativeMemory.Clear(data, CryptDataSize);
            NativeMemory.Free(data);
            CryptographicOperations.ZeroMemory(phrase);
        }
    }

    [LibraryImport(LibraryName, EntryPoint = "crypt_r")]
    private static partial byte* CryptR(byte* phrase, byte* setting, void* data);
}
