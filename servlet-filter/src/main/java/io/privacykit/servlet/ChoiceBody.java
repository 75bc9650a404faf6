package io.privacykit.servlet;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the body of a consent POST without holding a thread while it arrives (Servlet 6.0 section
 * 5.7, non-blocking IO): bytes are taken as the container reports them, at most
 * {@link ChoiceRequest#MAX_BODY}, and a body not complete within {@link ChoiceRequest#BODY_DEADLINE}
 * is answered 408 by the async timeout, so a client that sends nothing, or trickles, costs no thread.
 */
final class ChoiceBody implements ReadListener, AsyncListener {

    private static final Logger LOG = LoggerFactory.getLogger(ChoiceBody.class);

    /** What to do with the body, once, on the thread that finished reading it. */
    interface Handler {
        /** Answers the body read in full. */
        void body(byte[] bytes) throws IOException;

        /** Answers a body refused with {@code status}; the connection closes (the rest is unread). */
        void refused(int status, String message) throws IOException;
    }

    private final AsyncContext async;
    private final ServletInputStream in;
    private final Handler handler;
    private final ByteArrayOutputStream body = new ByteArrayOutputStream(256);
    private final byte[] buffer = new byte[4096];
    private final AtomicBoolean done = new AtomicBoolean();

    private ChoiceBody(AsyncContext async, ServletInputStream in, Handler handler) {
        this.async = async;
        this.in = in;
        this.handler = handler;
    }

    /**
     * Starts reading {@code request}'s body asynchronously; {@code handler} answers it. The
     * request must support async processing.
     */
    static void read(HttpServletRequest request, HttpServletResponse response, Duration deadline, Handler handler)
            throws IOException {
        AsyncContext async = request.startAsync(request, response);
        async.setTimeout(deadline.toMillis());
        ChoiceBody reader = new ChoiceBody(async, request.getInputStream(), handler);
        async.addListener(reader);
        reader.in.setReadListener(reader);
    }

    @Override
    public void onDataAvailable() throws IOException {
        while (!done.get() && in.isReady()) {
            int n = in.read(buffer);
            if (n < 0) {
                return; // onAllDataRead follows
            }
            body.write(buffer, 0, n);
            if (body.size() > ChoiceRequest.MAX_BODY) {
                refuse(413, "The body is larger than " + ChoiceRequest.MAX_BODY + " bytes");
                return;
            }
        }
    }

    @Override
    public void onAllDataRead() {
        finish(() -> handler.body(body.toByteArray()));
    }

    @Override
    public void onError(Throwable failure) {
        refuse(400, "The body could not be read");
    }

    @Override
    public void onTimeout(AsyncEvent event) {
        refuse(408, "The body took longer than " + ChoiceRequest.BODY_DEADLINE.toSeconds() + " s to arrive");
    }

    @Override
    public void onError(AsyncEvent event) {
        refuse(400, "The body could not be read");
    }

    @Override
    public void onComplete(AsyncEvent event) {
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
    }

    private void refuse(int status, String message) {
        finish(() -> {
            HttpServletResponse response = (HttpServletResponse) async.getResponse();
            if (!response.isCommitted()) {
                response.setHeader("Connection", "close");
            }
            handler.refused(status, message);
        });
    }

    private interface Answer {
        void run() throws IOException;
    }

    /** Answers once, whichever of the listeners gets there first, and completes the request. */
    private void finish(Answer answer) {
        if (!done.compareAndSet(false, true)) {
            return;
        }
        try {
            answer.run();
        } catch (IOException | RuntimeException e) {
            LOG.warn("Could not answer a consent change: {}", e.toString());
        } finally {
            async.complete();
        }
    }
}
