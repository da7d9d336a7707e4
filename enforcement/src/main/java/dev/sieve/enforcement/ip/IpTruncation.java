package dev.sieve.enforcement.ip;

/** Keeps the network prefix of an IP address and zeroes the host part. */
public final class IpTruncation {
    private IpTruncation() {
    }

    /**
     * The network of {@code address} (4 or 16 bytes) under the prefix for its family, as text:
     * {@code 203.0.113.7} with /24 gives {@code 203.0.113.0}.
     */
    public static String truncate(byte[] address, int ipv4Prefix, int ipv6Prefix) {
        if (isSixToFour(address)) {
            // 2002:AABB:CCDD::/48 carries the whole IPv4 address AA.BB.CC.DD: truncate that instead.
            return truncate(new byte[] {address[2], address[3], address[4], address[5]}, ipv4Prefix, ipv6Prefix);
        }
        int prefix = address.length == 4 ? ipv4Prefix : ipv6Prefix;
        byte[] network = address.clone();
        for (int bit = prefix; bit < network.length * 8; bit++) {
            network[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        return IpLiteral.format(network);
    }

    private static boolean isSixToFour(byte[] address) {
        return address.length == 16 && address[0] == 0x20 && address[1] == 0x02;
    }
}
