package dev.sieve.storage.query;

import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/** The bound values of one statement being built; {@link #add} returns the placeholder to write. */
final class SqlParameters {
    private final List<Object> values = new ArrayList<>();

    /** Binds {@code value} and returns its placeholder, e.g. {@code $3}. */
    String add(Object value) {
        values.add(value);
        return "$" + values.size();
    }

    Tuple tuple() {
        return Tuple.wrap(new ArrayList<>(values));
    }
}
