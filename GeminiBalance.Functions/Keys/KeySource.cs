namespace GeminiBalance.Keys;

/// <summary>Where a pool key came from, which decides who may remove it.</summary>
internal enum KeySource
{
    /// <summary>API_KEYS: removed by changing the setting (an admin can only disable it).</summary>
    Settings,

    /// <summary>Added through the admin API and kept in the admin keys table, shared by every instance.</summary>
    Admin,
}
