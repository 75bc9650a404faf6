package io.privacykit.servlet;

import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Tells a {@link PrivacyEventListener} what happened; what it throws is logged, never failing a request. */
final class Notifier {

    private static final Logger LOG = LoggerFactory.getLogger(Notifier.class);

    private Notifier() {
    }

    /** Calls {@code event} on {@code listener}, logging what it throws. */
    static void notify(PrivacyEventListener listener, Consumer<PrivacyEventListener> event) {
        if (listener == PrivacyEventListener.NONE) {
            return;
        }
        try {
            event.accept(listener);
        } catch (RuntimeException e) {
            LOG.warn("A PrivacyEventListener failed: {}", e.toString());
        }
    }
}
