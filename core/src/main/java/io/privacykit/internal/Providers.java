package io.privacykit.internal;

import java.util.Iterator;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Finds a service implementation in the application's class loader first (a webapp's
 * {@code WEB-INF/lib} on Tomcat, a Spring Boot jar's nested jars), then in PrivacyKit's own.
 * Internal: not API.
 */
public final class Providers {

    private Providers() {
    }

    /** The first implementation of {@code service} found, or empty when no jar on the classpath provides one. */
    public static <S> Optional<S> first(Class<S> service) {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        if (context != null) {
            Optional<S> found = firstIn(service, context);
            if (found.isPresent()) {
                return found;
            }
        }
        return firstIn(service, service.getClassLoader());
    }

    private static <S> Optional<S> firstIn(Class<S> service, ClassLoader loader) {
        Iterator<S> iterator = ServiceLoader.load(service, loader).iterator();
        return iterator.hasNext() ? Optional.of(iterator.next()) : Optional.empty();
    }
}
