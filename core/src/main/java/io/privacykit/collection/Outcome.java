package io.privacykit.collection;

import java.util.List;
import java.util.Objects;

/** What checking a record against the declared policy found: {@link Accepted} or a {@link Violation}. */
public sealed interface Outcome permits Outcome.Accepted, Outcome.Violation {

    /** The record checked. */
    PiRecord record();

    /**
     * The record is what the policy declares.
     *
     * @param record the record
     */
    record Accepted(PiRecord record) implements Outcome {
        public Accepted {
            Objects.requireNonNull(record, "record");
        }
    }

    /**
     * The record diverges from the policy in one or more ways.
     *
     * @param record   the record
     * @param findings each divergence, at least one, in the order checked
     */
    record Violation(PiRecord record, List<Finding> findings) implements Outcome {
        public Violation {
            Objects.requireNonNull(record, "record");
            findings = List.copyOf(findings);
            if (findings.isEmpty()) {
                throw new IllegalArgumentException("a violation has at least one finding");
            }
        }

        /** The first finding's kind. */
        public ViolationKind kind() {
            return findings.get(0).kind();
        }

        /** Every finding's kind. */
        public List<ViolationKind> kinds() {
            return findings.stream().map(Finding::kind).toList();
        }
    }

    /**
     * One divergence.
     *
     * @param kind   how the record diverges
     * @param detail a sentence saying what the policy declares instead
     */
    record Finding(ViolationKind kind, String detail) {
        public Finding {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(detail, "detail");
        }
    }
}
