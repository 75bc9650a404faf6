package io.privacykit.jurisdiction;

/**
 * What a law says about one use of a minor's data, by age: forbidden under {@code bannedUnder} even
 * with consent, a parent's consent needed under {@code parentalConsentUnder}, the minor's own
 * consent (opt-in) needed under {@code ownConsentUnder}; from the highest of the three on the
 * ordinary rules apply. 0 means the law sets no such band.
 *
 * @param bannedUnder          the age below which the use is forbidden, consent or not
 * @param parentalConsentUnder the age below which a parent (or guardian) must consent
 * @param ownConsentUnder      the age below which the minor must opt in
 */
public record AgeBands(int bannedUnder, int parentalConsentUnder, int ownConsentUnder) {

    /** No minors rule at all. */
    public static final AgeBands NONE = new AgeBands(0, 0, 0);

    public AgeBands {
        if (bannedUnder < 0 || parentalConsentUnder < 0 || ownConsentUnder < 0
                || bannedUnder > 21 || parentalConsentUnder > 21 || ownConsentUnder > 21) {
            throw new IllegalArgumentException("ages must be 0-21: banned<" + bannedUnder + " parent<"
                    + parentalConsentUnder + " consent<" + ownConsentUnder);
        }
    }

    /** The age from which neither a ban nor extra consent applies. */
    public int restrictedUnder() {
        return Math.max(bannedUnder, Math.max(parentalConsentUnder, ownConsentUnder));
    }

    /** What these bands say for a person of {@code age}. */
    public MinorsOutcome outcome(int age) {
        if (age < 0) {
            throw new IllegalArgumentException("age must not be negative: " + age);
        }
        if (age < bannedUnder) {
            return new MinorsOutcome.Banned(bannedUnder);
        }
        if (age < parentalConsentUnder) {
            return new MinorsOutcome.ConsentRequired(MinorsOutcome.Consenter.PARENT, parentalConsentUnder);
        }
        if (age < ownConsentUnder) {
            return new MinorsOutcome.ConsentRequired(MinorsOutcome.Consenter.SELF, ownConsentUnder);
        }
        return MinorsOutcome.Allowed.INSTANCE;
    }

    /** The override-file syntax, such as {@code parent<13 consent<16} or {@code banned<18}; {@code none} when empty. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        if (bannedUnder > 0) {
            out.append("banned<").append(bannedUnder);
        }
        if (parentalConsentUnder > bannedUnder) {
            out.append(out.isEmpty() ? "" : " ").append("parent<").append(parentalConsentUnder);
        }
        if (ownConsentUnder > Math.max(bannedUnder, parentalConsentUnder)) {
            out.append(out.isEmpty() ? "" : " ").append("consent<").append(ownConsentUnder);
        }
        return out.isEmpty() ? "none" : out.toString();
    }
}
