package dev.sieve.loadtest.limits;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;

/**
 * Copies of a record with one component replaced (a fresh event id), without naming the other
 * components: the domain records may gain fields without this module changing.
 */
final class RecordCopier<R extends Record> {
    private final Constructor<R> constructor;
    private final RecordComponent[] components;
    private final int replaced;

    RecordCopier(Class<R> type, String component) {
        this.components = type.getRecordComponents();
        Class<?>[] types = Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
        try {
            this.constructor = type.getDeclaredConstructor(types);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("no canonical constructor on " + type, e);
        }
        int index = -1;
        for (int i = 0; i < components.length; i++) {
            if (components[i].getName().equals(component)) {
                index = i;
            }
        }
        if (index < 0) {
            throw new IllegalArgumentException(type.getSimpleName() + " has no component " + component);
        }
        this.replaced = index;
    }

    /** The values of {@code template}'s components, to pass to {@link #copy} many times. */
    Object[] values(R template) {
        Object[] values = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            try {
                values[i] = components[i].getAccessor().invoke(template);
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException(e);
            }
        }
        return values;
    }

    /** A new record with {@code templateValues}, component {@code replaced} set to {@code value}. */
    R copy(Object[] templateValues, Object value) {
        Object[] args = templateValues.clone();
        args[replaced] = value;
        try {
            return constructor.newInstance(args);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
