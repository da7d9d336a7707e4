package dev.sieve.enforcement.event;

/** The device an event came from, as the client reported it. Every field may be null. */
public record Device(String id, String model, String manufacturer, String os, String osVersion) {

    public static final Device NONE = new Device(null, null, null, null, null);

    @Override
    public String toString() {
        // The device id is personal data: never print it.
        return "Device[model=" + model + ", manufacturer=" + manufacturer + ", os=" + os
                + ", osVersion=" + osVersion + "]";
    }
}
