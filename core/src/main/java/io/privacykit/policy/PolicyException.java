package io.privacykit.policy;

import java.util.List;

/**
 * The configuration could not be turned into a {@link Policy}. The message lists every problem
 * found, one per line; {@link #problems()} returns them one by one. Secret values never appear.
 */
public final class PolicyException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    /** An exception whose message is {@code summary} followed by each problem on its own line. */
    public PolicyException(String summary, List<String> problems) {
        super(message(summary, problems));
        this.problems = List.copyOf(problems);
    }

    /** Every problem found, in the order found: unknown keys first, then values key by key. */
    public List<String> problems() {
        return problems;
    }

    private static String message(String summary, List<String> problems) {
        StringBuilder out = new StringBuilder(summary).append(" (").append(problems.size())
                .append(problems.size() == 1 ? " problem):" : " problems):");
        for (String problem : problems) {
            out.append('\n').append("  - ").append(problem);
        }
        return out.toString();
    }
}
