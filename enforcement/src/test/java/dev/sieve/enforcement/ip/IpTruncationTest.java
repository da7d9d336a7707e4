package dev.sieve.enforcement.ip;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IpTruncationTest {
    private static final String V6 = "2001:db8:85a3:ffff:1319:8a2e:370:7348";

    @ParameterizedTest(name = "{0}/{1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "203.0.113.7  |  0 | 0.0.0.0",
            "203.0.113.7  |  8 | 203.0.0.0",
            "203.0.113.7  | 16 | 203.0.0.0",
            "203.0.113.7  | 20 | 203.0.112.0",
            "203.0.113.7  | 24 | 203.0.113.0",
            "203.0.113.7  | 25 | 203.0.113.0",
            "203.0.113.255| 25 | 203.0.113.128",
            "203.0.113.7  | 31 | 203.0.113.6",
            "203.0.113.7  | 32 | 203.0.113.7",
            "255.255.255.255 | 1 | 128.0.0.0",
    })
    void truncatesIpv4(String address, int prefix, String network) {
        assertThat(IpTruncation.truncate(IpLiteral.parse(address), prefix, 128)).isEqualTo(network);
    }

    @ParameterizedTest(name = "{0}/{1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            V6 + " |   0 | 0:0:0:0:0:0:0:0",
            V6 + " |  32 | 2001:db8:0:0:0:0:0:0",
            V6 + " |  48 | 2001:db8:85a3:0:0:0:0:0",
            V6 + " |  50 | 2001:db8:85a3:c000:0:0:0:0",
            V6 + " |  64 | 2001:db8:85a3:ffff:0:0:0:0",
            V6 + " | 127 | 2001:db8:85a3:ffff:1319:8a2e:370:7348",
            V6 + " | 128 | 2001:db8:85a3:ffff:1319:8a2e:370:7348",
            "2001:db8:85a3:ffff:ffff:ffff:ffff:ffff | 127 | 2001:db8:85a3:ffff:ffff:ffff:ffff:fffe",
            "2001:db8:85a3:ffff:ffff:ffff:ffff:ffff | 20  | 2001:0:0:0:0:0:0:0",
    })
    void truncatesIpv6(String address, int prefix, String network) {
        assertThat(IpTruncation.truncate(IpLiteral.parse(address), 32, prefix)).isEqualTo(network);
    }

    @Test
    void usesThePrefixOfTheAddressFamily() {
        assertThat(IpTruncation.truncate(IpLiteral.parse("203.0.113.7"), 24, 0)).isEqualTo("203.0.113.0");
        assertThat(IpTruncation.truncate(IpLiteral.parse(V6), 0, 48)).isEqualTo("2001:db8:85a3:0:0:0:0:0");
    }

    @Test
    void ipv4MappedAddressesAreTruncatedAsIpv4() {
        assertThat(IpTruncation.truncate(IpLiteral.parse("::ffff:198.51.100.23"), 24, 0)).isEqualTo("198.51.100.0");
    }

    @Test
    void leavesTheInputUntouched() {
        byte[] address = IpLiteral.parse("203.0.113.7");

        IpTruncation.truncate(address, 0, 0);

        assertThat(IpLiteral.format(address)).isEqualTo("203.0.113.7");
    }
}
