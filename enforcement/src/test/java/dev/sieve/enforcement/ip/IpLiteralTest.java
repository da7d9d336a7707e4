package dev.sieve.enforcement.ip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.Permission;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpLiteralTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "203.0.113.7                              | 203.0.113.7           | 4",
            "0.0.0.0                                  | 0.0.0.0               | 4",
            "255.255.255.255                          | 255.255.255.255       | 4",
            "10.0.0.1                                 | 10.0.0.1              | 4",
            "::1                                      | 0:0:0:0:0:0:0:1       | 16",
            "::                                       | 0:0:0:0:0:0:0:0       | 16",
            "2001:db8::1                              | 2001:db8:0:0:0:0:0:1  | 16",
            "2001:DB8::1                              | 2001:db8:0:0:0:0:0:1  | 16",
            "2001:0db8:0000:0000:0000:0000:0000:0001  | 2001:db8:0:0:0:0:0:1  | 16",
            "fe80::1                                  | fe80:0:0:0:0:0:0:1    | 16",
            "64:ff9b::192.0.2.33                      | 64:ff9b:0:0:0:0:c000:221 | 16",
            "::ffff:203.0.113.7                       | 203.0.113.7           | 4",
            "::FFFF:203.0.113.7                       | 203.0.113.7           | 4",
            "::ffff:cb00:7107                         | 203.0.113.7           | 4",
    })
    void parsesValidLiterals(String text, String canonical, int length) {
        byte[] address = IpLiteral.parse(text);

        assertThat(address).hasSize(length);
        assertThat(IpLiteral.format(address)).isEqualTo(canonical);
    }

    @ParameterizedTest(name = "\"{0}\" is not an IP literal")
    @ValueSource(strings = {
            "", " ", "203.0.113.7 ", " 203.0.113.7", "203.0.113", "203.0.113.7.9", "203.0.113.256", "256.0.0.1",
            "1.2.3.999999999999", "203..113.7", ".203.0.113.7", "203.0.113.7.", "-1.2.3.4", "1.2.3.4/24",
            "0x7f.0.0.1", "203.0.113.7:80", "１.2.3.4",
            "localhost", "example.com", "ip6-localhost", "abc", "ffff", "deadbeef",
            "2001:db8::1::2", "1:2:3:4:5:6:7:8:9", "1:2", ":::", "2001:db8::g", "::ffff:1.2.3.256", "::ffff:1.2.3",
            "fe80::1%eth0", "fe80::1%1", "[::1]", "[2001:db8::1]", "2001:db8::1/64",
            "1111:2222:3333:4444:5555:6666:7777:8888:9999:aaaa:bbbb",
    })
    void rejectsEverythingElse(String text) {
        assertThat(IpLiteral.parse(text)).isNull();
    }

    @Test
    void rejectsNullAndOverlongText() {
        assertThat(IpLiteral.parse(null)).isNull();
        assertThat(IpLiteral.parse("0".repeat(46))).isNull();
    }

    /**
     * Bug: a leading zero makes a literal ambiguous (inet_aton and many proxies read
     * {@code 010.0.0.1} as octal, 8.0.0.1), and the parser silently reads it as decimal. Reject it
     * as Go's net.ParseIP and Python's ipaddress do.
     */
    @ParameterizedTest(name = "\"{0}\" is ambiguous")
    @ValueSource(strings = {"010.0.0.1", "203.0.113.07", "00.1.2.3", "::ffff:010.0.0.1"})
    void rejectsLeadingZerosInIpv4Parts(String text) {
        assertThat(IpLiteral.parse(text)).as("%s is ambiguous: inet_aton reads a leading 0 as octal", text).isNull();
    }

    /**
     * Bug: text that passes the IPv6 character filter but starts with '.' (e.g. {@code ".:"}) is not
     * taken as a literal by {@code InetAddress.getByName}, which then resolves it as a host name:
     * a blocking DNS query on the event loop, with client-supplied text. The security manager
     * here only observes the resolver's permission check; it denies nothing.
     */
    @Test
    @SuppressWarnings("removal")
    void neverAsksDns() {
        List<String> lookups = Collections.synchronizedList(new ArrayList<>());
        SecurityManager observer = new SecurityManager() {
            @Override
            public void checkPermission(Permission perm) {
            }

            @Override
            public void checkPermission(Permission perm, Object context) {
            }

            @Override
            public void checkConnect(String host, int port) {
                lookups.add(host);
            }
        };
        try {
            System.setSecurityManager(observer);
        } catch (UnsupportedOperationException e) {
            assumeTrue(false, "this JVM does not allow a security manager");
        }
        try {
            for (String text : List.of("203.0.113.7", "2001:db8::1", "localhost", "example.com", "1:2",
                    ".:", ".::1", "..:", ".:.")) {
                IpLiteral.parse(text);
            }
        } finally {
            System.setSecurityManager(null);
        }
        assertThat(lookups).as("host names resolved").isEmpty();
    }

    @Test
    void formatRejectsAddressesOfTheWrongLength() {
        assertThatThrownBy(() -> IpLiteral.format(new byte[5])).isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * The parser is our own; the JDK's is the reference. Text made of the characters a literal
     * can hold, both random and cut from valid addresses, must be accepted exactly when the JDK
     * accepts it (less our stricter IPv4 parts), with the same bytes.
     */
    @Test
    void acceptsWhatTheJdkAcceptsWithTheSameBytes() {
        SplittableRandom random = new SplittableRandom(20261201);
        int accepted = 0;
        for (int n = 0; n < 300_000; n++) {
            String text = n % 3 == 0 ? randomLiteralText(random) : mutated(validIpv6(random), random);
            byte[] expected = jdkParse(text);
            assertThat(IpLiteral.parse(text)).as("parse(\"%s\")", text).isEqualTo(expected);
            if (expected != null) {
                accepted++;
            }
        }
        assertThat(accepted).as("literals the JDK accepted among the generated ones").isGreaterThan(50_000);
    }

    @Test
    void formatsAsTheJdkDoes() throws UnknownHostException {
        SplittableRandom random = new SplittableRandom(7);
        for (int n = 0; n < 100_000; n++) {
            byte[] address = new byte[n % 2 == 0 ? 4 : 16];
            random.nextBytes(address);
            if (address.length == 16 && n % 3 == 0) { // sparse groups: zeros, mapped and 6to4 prefixes
                for (int i = 0; i < 16; i++) {
                    address[i] = random.nextInt(3) == 0 ? address[i] : 0;
                }
                if (n % 9 == 0) {
                    address[10] = (byte) 0xff;
                    address[11] = (byte) 0xff;
                }
            }
            assertThat(IpLiteral.format(address)).isEqualTo(InetAddress.getByAddress(address).getHostAddress());
        }
    }

    /** The former parser: our own checks, then the JDK's IPv6 parser. */
    private static byte[] jdkParse(String text) {
        if (text.isEmpty() || text.length() > 45 || text.indexOf(':') < 0) {
            return IpLiteral.parse(text); // IPv4 was always our own parser
        }
        char first = text.charAt(0);
        char last = text.charAt(text.length() - 1);
        if (!text.chars().allMatch(c -> c == '.' || c == ':' || Character.digit(c, 16) >= 0 && c <= 'f')
                || first == '.' || last == '.') {
            return null;
        }
        int lastColon = text.lastIndexOf(':');
        if (text.indexOf('.', lastColon) > 0 && IpLiteral.parse(text.substring(lastColon + 1)) == null) {
            return null;
        }
        try {
            return InetAddress.getByName(text).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static String randomLiteralText(SplittableRandom random) {
        String alphabet = "0123456789abcdefABCDEF::::....";
        StringBuilder text = new StringBuilder();
        int length = 1 + random.nextInt(20);
        for (int i = 0; i < length; i++) {
            text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text.toString();
    }

    private static String validIpv6(SplittableRandom random) {
        int groups = random.nextBoolean() ? 8 : 6;
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < groups; i++) {
            parts.add(random.nextInt(3) == 0 ? "0" : Integer.toHexString(random.nextInt(0x10000)));
        }
        if (random.nextInt(4) == 0) {
            Collections.fill(parts.subList(0, Math.min(5, groups)), "0");
            parts.set(Math.min(5, groups - 1), "ffff");
        }
        String text = String.join(":", parts);
        if (groups == 6) {
            text += ":" + random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(256) + "."
                    + random.nextInt(256);
        }
        if (random.nextBoolean()) { // compress a run of zero groups, as RFC 5952 does
            text = text.replaceFirst("(^|:)0(:0)*(:|$)", "::");
        }
        return text;
    }

    /** A valid literal, often with one character changed, added or removed. */
    private static String mutated(String text, SplittableRandom random) {
        if (random.nextInt(3) == 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text);
        int at = random.nextInt(out.length());
        char c = "0f:.A9".charAt(random.nextInt(6));
        switch (random.nextInt(3)) {
            case 0 -> out.setCharAt(at, c);
            case 1 -> out.insert(at, c);
            default -> out.deleteCharAt(at);
        }
        return out.toString();
    }
}
