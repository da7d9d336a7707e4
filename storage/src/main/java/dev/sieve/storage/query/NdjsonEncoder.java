package dev.sieve.storage.query;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** One JSON object per line; absent (null) columns are left out; properties as stored. */
final class NdjsonEncoder extends ExportEncoder {
    private static final JsonFactory JSON = new JsonFactoryBuilder().rootValueSeparator((String) null).build();
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(96 * 1024);
    private final JsonGenerator json;

    NdjsonEncoder() {
        try {
            json = JSON.createGenerator(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    void append(Row row) {
        try {
            json.writeStartObject();
            json.writeStringField(NAMES.get(0), row.getUUID(0).toString());
            json.writeStringField(NAMES.get(1), time(row, 1));
            json.writeStringField(NAMES.get(2), time(row, 2));
            for (int c = FIRST_TEXT; c <= LAST_TEXT; c++) {
                String value = row.getString(c);
                if (value != null) {
                    json.writeStringField(NAMES.get(c), value);
                }
            }
            String properties = row.getString(PROPERTIES);
            if (properties != null) {
                json.writeFieldName(NAMES.get(PROPERTIES));
                json.writeRawValue(properties);
            }
            json.writeNumberField(NAMES.get(20), row.getLong(20));
            json.writeNumberField(NAMES.get(21), row.getLong(21));
            Boolean consented = row.getBoolean(22);
            if (consented != null) {
                json.writeBooleanField(NAMES.get(22), consented);
            }
            json.writeEndObject();
            json.writeRaw('\n');
            json.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    int pending() {
        return bytes.size();
    }

    @Override
    Buffer take() {
        Buffer chunk = Buffer.buffer(bytes.toByteArray());
        bytes.reset();
        return chunk;
    }
}
