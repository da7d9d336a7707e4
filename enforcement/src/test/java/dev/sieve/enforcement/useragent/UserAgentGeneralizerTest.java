package dev.sieve.enforcement.useragent;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class UserAgentGeneralizerTest {
    // Building uap-java's parser takes most of a second: one for the class.
    private static final UserAgentGeneralizer GENERALIZER = new UserAgentGeneralizer();

    @ParameterizedTest(name = "{1} {2} on {3}")
    @CsvSource(delimiter = '|', value = {
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36"
                    + " | Chrome | 120 | Windows",
            "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.6099.144 Mobile Safari/537.36"
                    + " | Chrome Mobile | 120 | Android",
            "Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0"
                    + " | Firefox | 121 | Linux",
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:121.0) Gecko/20100101 Firefox/121.0"
                    + " | Firefox | 121 | Windows",
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1.2 Mobile/15E148 Safari/604.1"
                    + " | Mobile Safari | 17 | iOS",
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1.15"
                    + " | Safari | 17 | Mac OS X",
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.2210.91"
                    + " | Edge | 120 | Windows",
            "Mozilla/5.0 (iPad; CPU OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/119.0.6045.169 Mobile/15E148 Safari/604.1"
                    + " | Chrome Mobile iOS | 119 | iOS",
    })
    void summarizesRealBrowsers(String userAgent, String family, String major, String os) {
        assertThat(GENERALIZER.summarize(userAgent)).isEqualTo(new BrowserSummary(family, major, os));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @NullAndEmptySource
    @ValueSource(strings = {"   ", "garbage", "x"})
    void unknownForNothingToParse(String userAgent) {
        assertThat(GENERALIZER.summarize(userAgent)).isEqualTo(BrowserSummary.UNKNOWN);
    }

    @Test
    void overlongUserAgentsAreCutBeforeParsing() {
        String chrome = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
                + "Chrome/120.0.0.0 Safari/537.36 ";

        assertThat(GENERALIZER.summarize(chrome + "x".repeat(100_000)))
                .isEqualTo(new BrowserSummary("Chrome", "120", "Windows"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "Pixel 8                   | phone",
            "iPhone 15 Pro             | phone",
            "iPhone15,2                | phone",
            "SM-S918B                  | phone",
            "Galaxy S24 Ultra          | phone",
            "Redmi Note 13 Pro         | phone",
            "Fairphone 5               | phone",
            "iPad Pro                  | tablet",
            "Galaxy Tab S9             | tablet",
            "Pixel Tablet              | tablet",
            "Kindle Fire HD 10         | tablet",
            "Apple Watch Series 9      | wearable",
            "Galaxy Watch6             | wearable",
            "Pixel Watch 2             | wearable",
            "Chromecast with Google TV | tv",
            "Bravia TV                 | tv",
            "Apple TV 4K               | tv",
            "PlayStation 5             | console",
            "Xbox Series X             | console",
            "Nintendo Switch           | console",
            "Steam Deck OLED           | console",
            "MacBook Pro               | desktop",
            "iMac                      | desktop",
            "ThinkPad X1 Carbon        | desktop",
            "Zebra TC52                | other",
    })
    void classifiesDeviceModels(String model, String deviceClass) {
        assertThat(UserAgentGeneralizer.deviceClass(model)).isEqualTo(deviceClass);
    }

    @ParameterizedTest(name = "\"{0}\"")
    @NullAndEmptySource
    @ValueSource(strings = {"  "})
    void noClassForNoModel(String model) {
        assertThat(UserAgentGeneralizer.deviceClass(model)).isNull();
    }

    /** Bug: "surface" is matched before "laptop", so a Surface Laptop is stored as a tablet. */
    @Test
    void surfaceLaptopIsNotATablet() {
        assertThat(UserAgentGeneralizer.deviceClass("Surface Laptop 5")).isEqualTo("desktop");
    }

    @ParameterizedTest(name = "\"{0}\" -> {1}")
    @CsvSource(delimiter = '|', value = {
            "15          | 15",
            "17.1.2      | 17",
            "10.0.19045  | 10",
            "6.5.0-rc1   | 6",
            "123456.1    | 123456",
            "iOS 17      | ",
            "v2          | ",
            "''          | ",
    })
    void keepsOnlyTheMajorVersion(String version, String major) {
        assertThat(UserAgentGeneralizer.majorVersion(version)).isEqualTo(major);
    }

    @Test
    void majorOfNullIsNull() {
        assertThat(UserAgentGeneralizer.majorVersion(null)).isNull();
    }

    /**
     * Bug: a number longer than six digits is cut to its first six ("1234567" -> "123456"), a value
     * that is not the major version and is a prefix of whatever the client sent; and non-ASCII
     * digits pass. {@link UserAgentGeneralizer#summarize} already returns null past six digits.
     */
    @ParameterizedTest(name = "\"{0}\" -> null")
    @ValueSource(strings = {"1234567.8", "5551234567", "١٥.1"})
    void majorVersionIsNullWhenItIsNotASmallAsciiNumber(String version) {
        assertThat(UserAgentGeneralizer.majorVersion(version)).as("major version of %s", version).isNull();
    }
}
