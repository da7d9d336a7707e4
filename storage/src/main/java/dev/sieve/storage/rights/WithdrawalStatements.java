package dev.sieve.storage.rights;

import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.function.Function;

/**
 * The SQL of a retroactive withdrawal, for one partition: pick a bounded batch of the user's rows
 * of the purpose that still carry consented rules (locked until the step commits), then write their
 * redacted columns back by TID, or delete them when the purpose drops events without consent.
 * Parameters of the selection: $1 user keys, $2 purpose, $3 the withdrawal's consent version (rows
 * enforced under a later grant are left alone), $4 batch size, $5 and $6 the partition's day.
 */
final class WithdrawalStatements {
    private static final String WHERE = " WHERE received_at >= $5 AND received_at < $6"
            + " AND user_key = ANY($1::text[]) AND purpose = $2 AND consented IS NOT FALSE AND consent_version < $3";
    private static final List<String> COLUMNS = List.of("ip_network", "ip_key", "user_key", "anonymous_key",
            "device_key", "device_model", "device_class", "device_manufacturer", "device_os", "device_os_version",
            "user_agent", "browser_family", "browser_major", "os_family", "properties");
    private static final List<Function<StoredFields, String>> VALUES = List.of(StoredFields::ipNetwork,
            StoredFields::ipKey, StoredFields::userKey, StoredFields::anonymousKey, StoredFields::deviceKey,
            StoredFields::deviceModel, StoredFields::deviceClass, StoredFields::deviceManufacturer,
            StoredFields::deviceOs, StoredFields::deviceOsVersion, StoredFields::userAgent,
            StoredFields::browserFamily, StoredFields::browserMajor, StoredFields::osFamily,
            f -> f.properties() == null ? null : f.properties().toString());

    /** A selected row: where it is, which policy produced it, what it holds. */
    record Selected(String tid, long policyVersion, StoredFields fields) {
    }

    static final String SELECT = "SELECT ctid::text AS tid, policy_version, host(ip_network) AS ip_network, ip_key,"
            + " user_key,"
            + " anonymous_key, device_key, device_model, device_class, device_manufacturer, device_os,"
            + " device_os_version, user_agent, browser_family, browser_major, os_family,"
            + " properties::text AS properties FROM events" + WHERE + " LIMIT $4 FOR UPDATE";
    static final String DELETE = "DELETE FROM events" + WHERE + " AND ctid = ANY(ARRAY(SELECT ctid FROM events"
            + WHERE + " LIMIT $4))";
    static final String UPDATE = update();
    /** The partitions holding rows to change: $1 to $3 as in the selection. */
    static final String HOLDING = "SELECT DISTINCT tableoid::regclass::text FROM events WHERE user_key = ANY($1::text[])"
            + " AND purpose = $2 AND consented IS NOT FALSE AND consent_version < $3";

    private WithdrawalStatements() {
    }

    /** Writes rows back by TID; $17 the policy version applied, $18 the consent version applied, $19 $20 the day. */
    private static String update() {
        StringBuilder set = new StringBuilder();
        StringBuilder arrays = new StringBuilder("$1::text[]::tid[]");
        for (int i = 0; i < COLUMNS.size(); i++) {
            String column = COLUMNS.get(i);
            String cast = column.equals("ip_network") ? "::inet" : column.equals("properties") ? "::jsonb" : "";
            set.append(column).append(" = v.").append(column).append(cast).append(", ");
            arrays.append(", $").append(i + 2).append("::text[]");
        }
        return "UPDATE events AS e SET " + set + "consented = false, policy_version = $17,"
                + " consent_version = $18 FROM unnest(" + arrays + ") AS v(tid, " + String.join(", ", COLUMNS)
                + ") WHERE e.received_at >= $19 AND e.received_at < $20 AND e.ctid = v.tid";
    }

    static Tuple updateParameters(List<String> tids, List<StoredFields> rows, long policyVersion, long consentVersion,
                                  EventPartitions.Partition partition) {
        Object[] parameters = new Object[COLUMNS.size() + 5];
        parameters[0] = tids.toArray(String[]::new);
        for (int c = 0; c < VALUES.size(); c++) {
            String[] column = new String[rows.size()];
            for (int r = 0; r < column.length; r++) {
                column[r] = VALUES.get(c).apply(rows.get(r));
            }
            parameters[c + 1] = column;
        }
        parameters[COLUMNS.size() + 1] = policyVersion;
        parameters[COLUMNS.size() + 2] = consentVersion;
        parameters[COLUMNS.size() + 3] = partition.from();
        parameters[COLUMNS.size() + 4] = partition.to();
        return Tuple.wrap(parameters);
    }

    static Selected toSelected(Row row) {
        String properties = row.getString("properties");
        return new Selected(row.getString("tid"), row.getLong("policy_version"), new StoredFields(
                row.getString("ip_network"), row.getString("ip_key"), row.getString("user_key"),
                row.getString("anonymous_key"), row.getString("device_key"), row.getString("device_model"),
                row.getString("device_class"), row.getString("device_manufacturer"), row.getString("device_os"),
                row.getString("device_os_version"), row.getString("user_agent"), row.getString("browser_family"),
                row.getString("browser_major"), row.getString("os_family"),
                properties == null ? null : JobRows.object(properties)));
    }
}
