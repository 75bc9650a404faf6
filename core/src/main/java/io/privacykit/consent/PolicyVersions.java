package io.privacykit.consent;

import java.util.Comparator;

/**
 * The order of policy versions, used to decide whether a consent predates
 * {@link ConsentSettings#reconsentBefore()}: natural order, where runs of digits compare as numbers
 * and everything else character by character, so {@code 2020-04-01 < 2022-04-01} and
 * {@code 1.9 < 1.10}.
 */
final class PolicyVersions {

    /** The natural order of versions; consistent with {@code equals}. */
    static final Comparator<String> ORDER = PolicyVersions::compare;

    private PolicyVersions() {
    }

    /** Negative, zero or positive as {@code a} is ordered before, equal to or after {@code b}. */
    static int compare(String a, String b) {
        int i = 0;
        int j = 0;
        int n = a.length();
        int m = b.length();
        while (i < n && j < m) {
            char ca = a.charAt(i);
            char cb = b.charAt(j);
            if (isDigit(ca) && isDigit(cb)) {
                int startA = i;
                int startB = j;
                while (i < n && isDigit(a.charAt(i))) {
                    i++;
                }
                while (j < m && isDigit(b.charAt(j))) {
                    j++;
                }
                // Leading zeros do not change a number's value: "04" == "4".
                while (startA < i - 1 && a.charAt(startA) == '0') {
                    startA++;
                }
                while (startB < j - 1 && b.charAt(startB) == '0') {
                    startB++;
                }
                int lengthA = i - startA;
                int lengthB = j - startB;
                if (lengthA != lengthB) {
                    return Integer.compare(lengthA, lengthB);
                }
                for (int k = 0; k < lengthA; k++) {
                    int c = Character.compare(a.charAt(startA + k), b.charAt(startB + k));
                    if (c != 0) {
                        return c;
                    }
                }
            } else {
                if (ca != cb) {
                    return Character.compare(ca, cb);
                }
                i++;
                j++;
            }
        }
        if (i < n || j < m) {
            return i < n ? 1 : -1;
        }
        // Equal in value but not in spelling ("1.04" and "1.4"): order by spelling to stay consistent with equals.
        return a.compareTo(b);
    }

    /** Whether {@code version} is ordered strictly before {@code other}. */
    static boolean isBefore(String version, String other) {
        return compare(version, other) < 0;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
