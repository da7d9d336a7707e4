package dev.sieve.ingest.decode;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import dev.sieve.enforcement.error.ErrorCode;
import dev.sieve.enforcement.error.SieveException;

/**
 * The request-level failures of decoding. Jackson's own messages quote the input, so they are
 * never used (nor attached as causes, which might be logged): only offsets and limits are shown.
 */
final class RequestErrors {
    private RequestErrors() {
    }

    static SieveException malformed(String problem, JsonLocation location) {
        long offset = location == null ? -1 : location.getByteOffset();
        return new SieveException(ErrorCode.MALFORMED_JSON,
                offset < 0 ? problem : problem + " (at byte offset " + offset + ")");
    }

    static SieveException parserLimits(JsonFactory json) {
        return new SieveException(ErrorCode.INVALID_REQUEST, "the body exceeds the JSON parser's limits (nesting deeper "
                + "than " + json.streamReadConstraints().getMaxNestingDepth() + " levels, or a number longer than "
                + json.streamReadConstraints().getMaxNumberLength() + " digits)");
    }
}
