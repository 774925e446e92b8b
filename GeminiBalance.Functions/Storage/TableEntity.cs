using System.Collections;
using System.Diagnostics.CodeAnalysis;
using Azure;

namespace GeminiBalance.Storage;

/// <summary>
/// One table row as keys, concurrency token and a bag of typed properties, mapped by hand so nothing reflects
/// over our records (Azure.Data.Tables' typed entities are not trim-safe: Azure/azure-sdk-for-net#47687).
/// The bag holds only custom properties; the system ones live in the typed members so there is one source of truth.
/// </summary>
internal sealed class TableEntity : IDictionary<string, object?>
{
    private readonly Dictionary<string, object?> _properties = new(StringComparer.Ordinal);

    public TableEntity()
        : this(string.Empty, string.Empty)
    {
    }

    public TableEntity(string partitionKey, string rowKey)
    {
        PartitionKey = partitionKey;
        RowKey = rowKey;
    }

    /// <summary>Empty rather than null when a projection left it out, so callers never meet a null key.</summary>
    public string PartitionKey { get; set; }

    public string RowKey { get; set; }

    /// <summary>Set from reads; ignored on writes, where the ETag goes in If-Match instead.</summary>
    public ETag ETag { get; set; }

    /// <summary>Maintained by the service; never sent.</summary>
    public DateTimeOffset? Timestamp { get; set; }

    public object? this[string key]
    {
        get => _properties.TryGetValue(key, out var value) ? value : null;
        set => _properties[CheckName(key)] = CheckValue(key, value);
    }

    public ICollection<string> Keys => _properties.Keys;

    public ICollection<object?> Values => _properties.Values;

    public int Count => _properties.Count;

    bool ICollection<KeyValuePair<string, object?>>.IsReadOnly => false;

    public string? GetString(string key) => GetReference<string>(key);

    public int? GetInt32(string key) => Get<int>(key);

    // The service returns an Int64 that was written as one; an Int32 widens without loss.
    public long? GetInt64(string key) => this[key] is int small ? small : Get<long>(key);

    // Another writer may have stored a whole number as Int32 or Int64 (untyped JSON); read as a double it loses nothing.
    public double? GetDouble(string key) => this[key] switch
    {
        int small => small,
        long large => large,
        _ => Get<double>(key),
    };

    public bool? GetBoolean(string key) => Get<bool>(key);

    public DateTimeOffset? GetDateTimeOffset(string key) => Get<DateTimeOffset>(key);

    public Guid? GetGuid(string key) => Get<Guid>(key);

    public byte[]? GetBinary(string key) => GetReference<byte[]>(key);

    public void Add(string key, object? value) => _properties.Add(CheckName(key), CheckValue(key, value));

    public bool ContainsKey(string key) => _properties.ContainsKey(key);

    public bool Remove(string key) => _properties.Remove(key);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out object? value) => _properties.TryGetValue(key, out value);

    public void Clear() => _properties.Clear();

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => _properties.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    void ICollection<KeyValuePair<string, object?>>.Add(KeyValuePair<string, object?> item) => Add(item.Key, item.Value);

    bool ICollection<KeyValuePair<string, object?>>.Contains(KeyValuePair<string, object?> item) =>
        ((ICollection<KeyValuePair<string, object?>>)_properties).Contains(item);

    void ICollection<KeyValuePair<string, object?>>.CopyTo(KeyValuePair<string, object?>[] array, int arrayIndex) =>
        ((ICollection<KeyValuePair<string, object?>>)_properties).CopyTo(array, arrayIndex);

    bool ICollection<KeyValuePair<string, object?>>.Remove(KeyValuePair<string, object?> item) =>
        ((ICollection<KeyValuePair<string, object?>>)_properties).Remove(item);

    // Two helpers because an unconstrained T? is not Nullable<T> for value types: absent must read as null, not 0.
    private T? Get<T>(string key)
        where T : struct => this[key] switch
        {
            null => null,
            T value => value,
            var other => throw WrongType(key, other, typeof(T)),
        };

    private T? GetReference<T>(string key)
        where T : class => this[key] switch
        {
            null => null,
            T value => value,
            var other => throw WrongType(key, other, typeof(T)),
        };

    private static InvalidOperationException WrongType(string key, object value, Type wanted) =>
        new($"Property {key} holds a {value.GetType().Name}, not a {wanted.Name}.");

    private static string CheckName(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        return TableEntityJson.IsSystemProperty(key)
            ? throw new ArgumentException($"{key} is a system property; use the typed member instead.", nameof(key))
            : key;
    }

    // Rejected when set rather than when sent, so the stack trace points at the code that put it there.
    private static object? CheckValue(string key, object? value) => value switch
    {
        null or string or bool or int or long or double or DateTimeOffset or Guid or byte[] => value,
        _ => throw new ArgumentException(
            $"Property {key}: Table Storage cannot hold a {value.GetType().Name}; use string, bool, int, long, double, DateTimeOffset, Guid or byte[].",
            nameof(value)),
    };
}
