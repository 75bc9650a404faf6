package io.privacykit.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/** A refused body is drained up to a bound, so the connection stays usable; beyond it, it closes. */
class ChoiceRequestDiscardTest {

    @Test
    void aBodyWithinTheBoundIsDrained() {
        InputStream body = new ByteArrayInputStream(new byte[(int) ChoiceRequest.MAX_DISCARD]);
        assertThat(ChoiceRequest.discardRest(body)).isTrue();
        assertThat(ChoiceRequest.discardRest(new ByteArrayInputStream(new byte[0]))).isTrue();
    }

    @Test
    void aBodyBeyondTheBoundIsNotReadToTheEnd() {
        InputStream body = new ByteArrayInputStream(new byte[(int) ChoiceRequest.MAX_DISCARD + 1]);
        assertThat(ChoiceRequest.discardRest(body)).isFalse();
    }

    @Test
    void aBodyThatCannotBeReadMeansClosing() {
        InputStream broken = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("connection reset");
            }
        };
        assertThat(ChoiceRequest.discardRest(broken)).isFalse();
    }

    /** A body that arrives one byte every {@code pause}; {@code read} counts the bytes handed out. */
    static InputStream trickle(byte[] bytes, long pauseMillis, java.util.concurrent.atomic.AtomicInteger read) {
        return new InputStream() {
            int next;

            @Override
            public int read() throws IOException {
                if (next >= bytes.length) {
                    return -1;
                }
                try {
                    Thread.sleep(pauseMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException(e);
                }
                read.incrementAndGet();
                return bytes[next++];
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int c = read();
                if (c < 0) {
                    return -1;
                }
                b[off] = (byte) c;
                return 1;
            }
        };
    }

    @Test
    void aTrickledChoiceIsRefusedAtItsDeadlineNotWhenTheClientFinishes() {
        // Before: a client sending a byte now and then held a container thread for as long as it liked.
        byte[] body = "performance=on&advertising=off".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        java.util.concurrent.atomic.AtomicInteger read = new java.util.concurrent.atomic.AtomicInteger();
        ChoiceRequest.Refusal refusal = org.assertj.core.api.Assertions.catchThrowableOfType(ChoiceRequest.Refusal.class,
                () -> ChoiceRequest.parse(TestPolicies.policy(io.privacykit.consent.UnclassifiedCookies.BLOCK,
                                io.privacykit.policy.CspMode.OFF), new com.fasterxml.jackson.databind.ObjectMapper(),
                        "application/x-www-form-urlencoded", -1, trickle(body, 20, read), java.time.Duration.ofMillis(100)));

        assertThat(refusal).isNotNull();
        assertThat(refusal.status).isEqualTo(408);
        // Given up long before the client finished: at most a deadline's worth of bytes was waited for.
        assertThat(read.get()).isLessThan(body.length);
    }

    @Test
    void aTrickledRefusedBodyIsNotDrainedPastItsDeadline() {
        java.util.concurrent.atomic.AtomicInteger read = new java.util.concurrent.atomic.AtomicInteger();
        // 200 bytes at 10 ms each would take 2 s; the drain gives up after its 1 s deadline.
        assertThat(ChoiceRequest.discardRest(trickle(new byte[200], 10, read))).isFalse();
        assertThat(read.get()).isLessThan(200);
    }
}
