package dev.sieve.storage.query;

import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import java.nio.charset.StandardCharsets;

/**
 * RFC 4180 CSV with a header line; properties as one JSON text column. A text that a spreadsheet
 * would run as a formula (starting with = + - @ tab or CR) gets a leading apostrophe: event fields
 * come from clients, and an export is often opened in a spreadsheet.
 */
final class CsvEncoder extends ExportEncoder {
    private final StringBuilder text = new StringBuilder(96 * 1024);
    private boolean headerDue = true;

    @Override
    void append(Row row) {
        header();
        text.append(row.getUUID(0)).append(',');
        field(time(row, 1), false).append(',');
        field(time(row, 2), false);
        for (int c = FIRST_TEXT; c <= LAST_TEXT; c++) {
            text.append(',');
            field(row.getString(c), true);
        }
        text.append(',');
        field(row.getString(PROPERTIES), false).append(',').append(row.getLong(20)).append(',')
                .append(row.getLong(21)).append(',');
        Boolean consented = row.getBoolean(22);
        text.append(consented == null ? "" : consented.toString()).append("\r\n");
    }

    private void header() {
        if (headerDue) {
            text.append(String.join(",", NAMES)).append("\r\n");
            headerDue = false;
        }
    }

    private StringBuilder field(String value, boolean defuseFormula) {
        if (value == null || value.isEmpty()) {
            return text;
        }
        boolean formula = defuseFormula && "=+-@\t\r".indexOf(value.charAt(0)) >= 0;
        String shown = formula ? "'" + value : value;
        boolean quote = shown.indexOf(',') >= 0 || shown.indexOf('"') >= 0 || shown.indexOf('\n') >= 0
                || shown.indexOf('\r') >= 0;
        if (!quote) {
            return text.append(shown);
        }
        return text.append('"').append(shown.replace("\"", "\"\"")).append('"');
    }

    @Override
    int pending() {
        return text.length();
    }

    @Override
    Buffer take() {
        header();
        Buffer chunk = Buffer.buffer(text.toString().getBytes(StandardCharsets.UTF_8));
        text.setLength(0);
        return chunk;
    }
}
