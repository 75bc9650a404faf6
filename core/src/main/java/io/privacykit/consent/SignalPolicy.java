package io.privacykit.consent;

import java.util.Objects;

/**
 * What the policy says about browser privacy signals ({@code privacy.signals.*}).
 *
 * @param dnt                   how Do-Not-Track is treated
 * @param gpcHonoredEverywhere  whether Global Privacy Control opts out of sale/sharing everywhere,
 *                              not only where a law makes it binding
 */
public record SignalPolicy(DntResponse dnt, boolean gpcHonoredEverywhere) {
    public SignalPolicy {
        Objects.requireNonNull(dnt, "dnt");
    }
}
