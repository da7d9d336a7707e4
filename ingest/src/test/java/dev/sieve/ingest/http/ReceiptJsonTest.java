package dev.sieve.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sieve.enforcement.DropReason;
import dev.sieve.ingest.decode.Rejection;
import dev.sieve.ingest.decode.RejectionCode;
import dev.sieve.ingest.pipeline.IngestReceipt;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The receipt written without a JsonObject is byte for byte the one a JsonObject writes. */
class ReceiptJsonTest {

    static Stream<Arguments> receipts() {
        Map<DropReason, Integer> someDropped = new EnumMap<>(DropReason.class);
        someDropped.put(DropReason.NO_CONSENT_FOR_PURPOSE, 3);
        Map<DropReason, Integer> allDropped = new EnumMap<>(DropReason.class);
        for (DropReason r : DropReason.values()) {
            allDropped.put(r, r.ordinal() + 1);
        }
        List<Rejection> rejected = List.of(new Rejection(1, RejectionCode.BAD_IP, "field 'ip' must be \"an\" address\n"));
        return Stream.of(
                Arguments.of("one stored", new IngestReceipt(1, 1, 0, Map.of(), List.of())),
                Arguments.of("one duplicate", new IngestReceipt(1, 0, 1, Map.of(), List.of())),
                Arguments.of("a batch", new IngestReceipt(2500, 2400, 97, someDropped, List.of())),
                Arguments.of("every reason", new IngestReceipt(10, 4, 0, allDropped, List.of())),
                Arguments.of("with a rejection", new IngestReceipt(3, 2, 0, someDropped, rejected)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("receipts")
    void writesWhatAJsonObjectWrites(String name, IngestReceipt receipt) {
        assertThat(ReceiptJson.encode(receipt)).isEqualTo(ReceiptJson.asObject(receipt).encode());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("receipts")
    void keepsTheFieldsClientsRead(String name, IngestReceipt receipt) {
        var json = new io.vertx.core.json.JsonObject(ReceiptJson.encode(receipt));

        assertThat(json.getInteger("received")).isEqualTo(receipt.received());
        assertThat(json.getInteger("accepted")).isEqualTo(receipt.accepted());
        assertThat(json.getJsonObject("dropped").getInteger("total")).isEqualTo(receipt.droppedTotal());
        assertThat(json.getJsonArray("rejected").size()).isEqualTo(receipt.rejected().size());
    }
}
