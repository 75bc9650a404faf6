package io.privacykit.rights;

/** The answer to an export download. */
public sealed interface ExportDownload {

    /**
     * The bundle (200), handed out this once.
     *
     * @param json     the JSON bundle, UTF-8
     * @param fileName a file name for {@code Content-Disposition}
     */
    record Bundle(byte[] json, String fileName) implements ExportDownload {
        /** The bundle as text. */
        public String text() {
            return new String(json, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /**
     * The link works and its bundle is still there (200 to a {@code HEAD}); nothing was handed out
     * and the download stays unused.
     *
     * @param fileName a file name for {@code Content-Disposition}
     */
    record Available(String fileName) implements ExportDownload {
    }

    /** The export was downloaded already or its link expired (410): make a new request. */
    record Gone() implements ExportDownload {
    }

    /** No such request, no export, or not its token (404). */
    record NotFound() implements ExportDownload {
    }
}
