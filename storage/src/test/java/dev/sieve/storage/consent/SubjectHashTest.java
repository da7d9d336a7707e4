package dev.sieve.storage.consent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SubjectHashTest {

    @Test
    void isTheSha256OfTheUtf8IdInLowerCaseHex() {
        // FIPS 180-2's test vector; a two-byte UTF-8 character; the empty id
        assertThat(SubjectHash.hex("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(SubjectHash.hex("\u00e9")).isEqualTo("4a99557e4033c3539de2eb65472017cad5f9557f7a0625a09f1c3f6e2ba69c4c");
        assertThat(SubjectHash.hex("")).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    @Test
    void readsBackFromItsHexInEitherCase() {
        SubjectHash hash = SubjectHash.of("user-42");

        assertThat(SubjectHash.ofHex(hash.hex())).isEqualTo(hash).hasSameHashCodeAs(hash);
        assertThat(SubjectHash.ofHex(hash.hex().toUpperCase(Locale.ROOT))).isEqualTo(hash);
        assertThat(SubjectHash.of("user-43")).isNotEqualTo(hash);
    }

    @Test
    void ordersByItsBitsConsistentlyWithEquals() {
        SubjectHash low = new SubjectHash(1, 0, 0, 0);
        SubjectHash high = new SubjectHash(1, 0, 0, 2);

        assertThat(low).isLessThan(high).isEqualByComparingTo(new SubjectHash(1, 0, 0, 0));
        assertThat(high.compareTo(low)).isPositive();
        assertThat(new SubjectHash(-1, 0, 0, 0)).isLessThan(low); // signed, like Long.compare
        assertThat(low.hashCode()).isEqualTo(high.hashCode()).as("same first long, same hash code");
    }

    @Test
    void textThatIsNotSixtyFourHexDigitsIsNoHash() {
        String hex = SubjectHash.hex("user-42");

        assertThat(SubjectHash.ofHex(hex.substring(1))).isNull();
        assertThat(SubjectHash.ofHex(hex + "0")).isNull();
        assertThat(SubjectHash.ofHex("g" + hex.substring(1))).isNull();
        assertThat(SubjectHash.ofHex("\uFF11" + hex.substring(1))).isNull(); // a fullwidth 1
        assertThat(SubjectHash.ofHex("")).isNull();
    }

    @Test
    void threadsHashingAtOnceGetTheSameHashes() {
        List<String> ids = IntStream.range(0, 2_000).mapToObj(i -> "subject-" + i).toList();
        List<String> sequential = ids.stream().map(SubjectHash::hex).toList();

        List<String> parallel = ids.parallelStream().map(SubjectHash::hex).toList();

        assertThat(parallel).isEqualTo(sequential);
    }
}
