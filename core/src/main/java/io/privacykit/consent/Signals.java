package io.privacykit.consent;

/**
 * The privacy signals a request carried.
 *
 * @param gpc {@code Sec-GPC: 1} (only the value "1" counts, per the GPC specification)
 * @param dnt {@code DNT: 1}
 */
public record Signals(boolean gpc, boolean dnt) {

    /** No signal. */
    public static final Signals NONE = new Signals(false, false);

    private static final Signals GPC = new Signals(true, false);
    private static final Signals DNT = new Signals(false, true);
    private static final Signals BOTH = new Signals(true, true);

    /** Signals from the raw header values (null when absent). Anything but exactly "1" is no signal. */
    public static Signals fromHeaders(String secGpc, String dnt) {
        boolean gpc = isOne(secGpc);
        boolean doNotTrack = isOne(dnt);
        // One of four values: shared, not made per request.
        return gpc ? (doNotTrack ? BOTH : GPC) : (doNotTrack ? DNT : NONE);
    }

    private static boolean isOne(String value) {
        return value != null && value.trim().equals("1");
    }
}
