package dev.sieve.storage.rights;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The columns of a stored event row that enforcement decided, i.e. what a retroactive withdrawal
 * may change. Null means dropped or absent. {@code ipNetwork} is the address text without a prefix
 * length (PostgreSQL {@code host()}).
 */
record StoredFields(String ipNetwork, String ipKey, String userKey, String anonymousKey, String deviceKey,
                    String deviceModel, String deviceClass, String deviceManufacturer, String deviceOs,
                    String deviceOsVersion, String userAgent, String browserFamily, String browserMajor,
                    String osFamily, ObjectNode properties) {

    @Override
    public String toString() {
        return "StoredFields[...]"; // pseudonyms and device data: never in logs
    }
}
