package io.privacykit.jurisdiction;

import java.time.LocalDate;
import java.util.Objects;

/**
 * What {@code /.well-known/gpc.json} may truthfully say (GPC specification, section 3.5): {@code gpc}
 * is {@code true} only where the site honours the signal. A policy that honours GPC everywhere says
 * {@code true} to everyone; one that honours it only where a law binds it says {@code true} to a
 * visitor whose regime binds it and {@code false} otherwise, so the answer must not be cached across
 * visitors (see docs/jurisdictions.md, "Global Privacy Control").
 *
 * @param gpc        whether the site honours Global Privacy Control for this visitor
 * @param lastUpdate when the statement last changed ({@code privacy.policy.last-updated})
 */
public record GpcStatement(boolean gpc, LocalDate lastUpdate) {
    public GpcStatement {
        Objects.requireNonNull(lastUpdate, "lastUpdate");
    }

    /**
     * The statement for one visitor: {@code gpc} is true when the policy honours GPC everywhere
     * ({@code privacy.signals.gpc=everywhere}) or the visitor's regime makes it binding.
     */
    public static GpcStatement forVisitor(boolean honoredEverywhere, Jurisdiction jurisdiction, LocalDate lastUpdate) {
        return new GpcStatement(honoredEverywhere || jurisdiction.gpcBinding(), lastUpdate);
    }

    /**
     * The statement for every visitor at once (a cacheable file): true only when the policy
     * honours GPC everywhere, since otherwise some visitors' signals change nothing.
     */
    public static GpcStatement forSite(boolean honoredEverywhere, LocalDate lastUpdate) {
        return new GpcStatement(honoredEverywhere, lastUpdate);
    }

    /** The resource's JSON, {@code {"gpc":true,"lastUpdate":"2026-01-01"}}. */
    public String toJson() {
        return "{\"gpc\":" + gpc + ",\"lastUpdate\":\"" + lastUpdate + "\"}";
    }
}
