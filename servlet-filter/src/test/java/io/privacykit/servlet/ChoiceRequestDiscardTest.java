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
}
