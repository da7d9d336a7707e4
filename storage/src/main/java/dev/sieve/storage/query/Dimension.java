package dev.sieve.storage.query;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What a top-N query groups by: one of a fixed list of stored columns, or an event property.
 * Column names come from this allow-list only, never from the request.
 *
 * @param column   the column (from {@link #COLUMNS}), or null for a property
 * @param property the property, or null for a column
 */
public record Dimension(String column, PropertyPath property) {
    /** API field name to column: generalised, non-identifying fields only (no keys, no IP). */
    public static final Map<String, String> COLUMNS = Map.of(
            "type", "event_type",
            "purpose", "purpose",
            "browserFamily", "browser_family",
            "browserMajor", "browser_major",
            "osFamily", "os_family",
            "deviceClass", "device_class",
            "deviceModel", "device_model",
            "deviceManufacturer", "device_manufacturer",
            "deviceOs", "device_os",
            "deviceOsVersion", "device_os_version");

    /** A column by its API name; a 400 listing the known names otherwise. */
    public static Dimension field(String name) {
        String column = name == null ? null : COLUMNS.get(name);
        if (column == null) {
            throw InvalidQuery.because("unknown field; 'field' must be one of "
                    + String.join(", ", new java.util.TreeSet<>(COLUMNS.keySet())));
        }
        return new Dimension(column, null);
    }

    public static Dimension property(PropertyPath path) {
        return new Dimension(null, path);
    }

    /** The SQL expression, binding the property path when there is one. */
    String sql(SqlParameters params) {
        return column != null ? column : "properties #>> " + params.add(property.asArray()) + "::text[]";
    }

    /** How the answer names it, e.g. {@code field:browserFamily} or {@code property:campaign.source}. */
    public String describe() {
        if (property != null) {
            return "property:" + property.dotted();
        }
        Optional<String> api = COLUMNS.entrySet().stream().filter(e -> e.getValue().equals(column))
                .map(Map.Entry::getKey).findFirst();
        return "field:" + api.orElse(column.toLowerCase(Locale.ROOT));
    }
}
