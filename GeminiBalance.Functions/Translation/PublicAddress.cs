using System.Net;
using System.Net.Sockets;

namespace GeminiBalance.Translation;

/// <summary>
/// Whether an address is on the public internet. The proxy fetches URLs its clients name; without this check a client
/// could make it reach loopback, the private network or a cloud metadata endpoint (169.254.169.254) on its behalf.
/// </summary>
internal static class PublicAddress
{
    private static readonly (IPAddress Network, int Prefix)[] NonPublic =
    [
        .. new[]
        {
            "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12", "192.0.0.0/24",
            "192.0.2.0/24", "192.88.99.0/24", "192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/3",
            "::/127", "100::/64", "2001:db8::/32", "fc00::/7", "fe80::/10", "fec0::/10", "ff00::/8",
        }.Select(Parse),
    ];

    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        // NAT64 (64:ff9b::/96) and 6to4 (2002::/16) embed an IPv4 address; judge that one.
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var bytes = address.GetAddressBytes();
            if (InRange(address, Parse("64:ff9b::/96")))
            {
                return IsPublic(new IPAddress(bytes[12..16]));
            }

            if (bytes[0] == 0x20 && bytes[1] == 0x02)
            {
                return IsPublic(new IPAddress(bytes[2..6]));
            }
        }

        return !NonPublic.Any(range => InRange(address, range));
    }

    private static bool InRange(IPAddress address, (IPAddress Network, int Prefix) range)
    {
        if (address.AddressFamily != range.Network.AddressFamily)
        {
            return false;
        }

        var bytes = address.GetAddressBytes();
        var network = range.Network.GetAddressBytes();
        var bits = range.Prefix;
        for (var i = 0; bits > 0; i++, bits -= 8)
        {
            var mask = bits >= 8 ? 0xFF : 0xFF << (8 - bits) & 0xFF;
            if ((bytes[i] & mask) != (network[i] & mask))
            {
                return false;
            }
        }

        return true;
    }

    private static (IPAddress, int) Parse(string cidr)
    {
        var slash = cidr.IndexOf('/');
        return (IPAddress.Parse(cidr[..slash]), int.Parse(cidr[(slash + 1)..], System.Globalization.CultureInfo.InvariantCulture));
    }
}
