package io.privacykit.jurisdiction;

import java.util.Locale;

/** How a regime treats non-essential cookies and trackers before the visitor has chosen. */
public enum ConsentModel {
    /** Withheld until the visitor consents. */
    OPT_IN,
    /** Allowed until the visitor (or a binding signal) opts out. */
    OPT_OUT,
    /** Allowed; the visitor is told. */
    NOTICE;

    /** The contract code: {@code opt-in}, {@code opt-out}, {@code notice}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The model named by its contract code. */
    public static ConsentModel fromCode(String code) {
        for (ConsentModel model : values()) {
            if (model.code().equals(code)) {
                return model;
            }
        }
        throw new IllegalArgumentException("unknown consent model '" + code + "' (opt-in, opt-out, notice)");
    }
}
