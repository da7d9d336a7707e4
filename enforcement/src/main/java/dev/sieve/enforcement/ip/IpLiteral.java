package dev.sieve.enforcement.ip;

import java.util.Arrays;

/**
 * Parses and formats IP address literals, without ever asking DNS and without the JDK's
 * {@code InetAddress}: an event's address is parsed when it is decoded and again when it is
 * enforced, and through {@code InetAddress} (a name-lookup entry point, an object for each
 * parse and each format) that was 10-15 % of the service's CPU in batches (docs/performance.md).
 * The accepted literals and the canonical text are exactly the JDK's, less what the JDK accepts
 * that we refuse (leading zeros in IPv4 parts, zone ids, brackets); {@code IpLiteralTest} checks
 * both against {@code InetAddress} on generated text.
 */
public final class IpLiteral {
    private static final int IPV4_BYTES = 4;
    private static final int IPV6_BYTES = 16;
    private static final int MAX_CHARS = 45;

    private IpLiteral() {
    }

    /**
     * The address bytes (4 for IPv4, 16 for IPv6) of a literal such as {@code 203.0.113.7} or
     * {@code 2001:db8::1}, or null when the text is not an IP literal. An IPv4-mapped IPv6
     * address comes back as IPv4.
     */
    public static byte[] parse(String text) {
        if (text == null || text.isEmpty() || text.length() > MAX_CHARS) {
            return null;
        }
        if (text.indexOf(':') >= 0) {
            return parseIpv6(text);
        }
        byte[] out = new byte[IPV4_BYTES];
        return parseIpv4(text, 0, text.length(), out, 0) ? out : null;
    }

    /**
     * RFC 4291 text, as the JDK's {@code IPAddressUtil.textToNumericFormatV6} reads it: groups of
     * hex digits (value at most ffff), one {@code ::} at most and standing for at least one group,
     * an IPv4 address in place of the last two groups.
     */
    private static byte[] parseIpv6(String text) {
        int n = text.length();
        byte[] out = new byte[IPV6_BYTES];
        int i = 0;
        if (text.charAt(0) == ':' && (n < 2 || text.charAt(++i) != ':')) {
            return null; // a leading colon only as part of "::"
        }
        int filled = 0;
        int gap = -1; // where "::" stands, in bytes
        int token = i;
        int value = 0;
        boolean inGroup = false;
        while (i < n) {
            char c = text.charAt(i++);
            int digit = hexDigit(c);
            if (digit >= 0) {
                value = (value << 4) | digit;
                if (value > 0xffff) {
                    return null;
                }
                inGroup = true;
            } else if (c == ':') {
                token = i;
                if (!inGroup) {
                    if (gap >= 0) {
                        return null; // a second "::", or ":::"
                    }
                    gap = filled;
                    continue;
                }
                if (i == n || !putGroup(out, filled, value)) {
                    return null; // a trailing single colon, or too many groups
                }
                filled += 2;
                inGroup = false;
                value = 0;
            } else if (c == '.' && filled + IPV4_BYTES <= IPV6_BYTES) {
                if (!parseIpv4(text, token, n, out, filled)) {
                    return null;
                }
                filled += IPV4_BYTES;
                inGroup = false;
                break;
            } else {
                return null;
            }
        }
        if (inGroup) {
            if (!putGroup(out, filled, value)) {
                return null;
            }
            filled += 2;
        }
        if (gap >= 0) {
            if (filled == IPV6_BYTES) {
                return null; // "::" must stand for at least one group
            }
            int moved = filled - gap;
            System.arraycopy(out, gap, out, IPV6_BYTES - moved, moved);
            Arrays.fill(out, gap, IPV6_BYTES - moved, (byte) 0);
            filled = IPV6_BYTES;
        }
        if (filled != IPV6_BYTES) {
            return null;
        }
        return isIpv4Mapped(out) ? Arrays.copyOfRange(out, 12, IPV6_BYTES) : out;
    }

    /** Writes a 16-bit group at {@code at}; false when the address has no room left for it. */
    private static boolean putGroup(byte[] out, int at, int value) {
        if (at + 2 > IPV6_BYTES) {
            return false;
        }
        out[at] = (byte) (value >>> 8);
        out[at + 1] = (byte) value;
        return true;
    }

    private static int hexDigit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    /**
     * Reads four decimal parts from 0 to 255, without leading zeros (inet_aton would read those as
     * octal), from {@code text[from, to)} into {@code out} at {@code at}; false if it is not one.
     */
    private static boolean parseIpv4(String text, int from, int to, byte[] out, int at) {
        int part = 0;
        int value = -1;
        for (int i = from; i <= to; i++) {
            char c = i < to ? text.charAt(i) : '.';
            if (c == '.') {
                if (value < 0 || part > 3) {
                    return false;
                }
                out[at + part++] = (byte) value;
                value = -1;
            } else if (c >= '0' && c <= '9') {
                if (value == 0) {
                    return false;
                }
                value = value < 0 ? c - '0' : value * 10 + (c - '0');
                if (value > 255) {
                    return false;
                }
            } else {
                return false;
            }
        }
        return part == IPV4_BYTES;
    }

    /** ::ffff:a.b.c.d, which the JDK (and so this class) treats as the IPv4 address. */
    private static boolean isIpv4Mapped(byte[] address) {
        for (int i = 0; i < 10; i++) {
            if (address[i] != 0) {
                return false;
            }
        }
        return address[10] == (byte) 0xff && address[11] == (byte) 0xff;
    }

    /**
     * The canonical text of address bytes, as {@code InetAddress.getHostAddress} writes it:
     * dotted decimal for IPv4 (also for an IPv4-mapped IPv6 address), eight lower-case hex groups
     * without leading zeros and without {@code ::} for IPv6. Pseudonyms of addresses are computed
     * on this text, so it must never change.
     */
    public static String format(byte[] address) {
        if (address.length == IPV4_BYTES) {
            return formatIpv4(address, 0);
        }
        if (address.length != IPV6_BYTES) {
            throw new IllegalArgumentException("address must be 4 or 16 bytes, not " + address.length);
        }
        if (isIpv4Mapped(address)) {
            return formatIpv4(address, 12);
        }
        StringBuilder text = new StringBuilder(39);
        for (int i = 0; i < IPV6_BYTES; i += 2) {
            if (i > 0) {
                text.append(':');
            }
            text.append(Integer.toHexString(((address[i] & 0xff) << 8) | (address[i + 1] & 0xff)));
        }
        return text.toString();
    }

    private static String formatIpv4(byte[] address, int from) {
        return (address[from] & 0xff) + "." + (address[from + 1] & 0xff) + "." + (address[from + 2] & 0xff)
                + "." + (address[from + 3] & 0xff);
    }
}
