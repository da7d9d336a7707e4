package dev.sieve.enforcement.ip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.security.Permission;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
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
}
