package io.privacykit.sample;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The sample app's command line (README, "Try it"):
 * {@code [--port N] [--policy NAME|FILE] [--data-dir DIR]}; the {@code PORT} environment variable
 * also sets the port, the flag wins.
 *
 * @param port     the HTTP port, 0 for any free one
 * @param policy   a built-in policy name ({@code us-saas}, {@code eu-saas}) or a properties file
 * @param dataDir  where the embedded store and the generated secrets live
 */
record SampleAppOptions(int port, String policy, Path dataDir) {

    static final Set<String> BUILT_IN_POLICIES = Set.of("us-saas", "eu-saas");
    static final String USAGE = "usage: java -jar sample-app/target/privacykit-sample-app.jar"
            + " [--port N] [--policy us-saas|eu-saas|FILE] [--data-dir DIR]";

    static final String HELP = USAGE + """

              --port N          the HTTP port (default 8080; the PORT environment variable also sets it)
              --policy NAME     us-saas (default, the US SaaS reference policy), eu-saas, or a properties file
              --data-dir DIR    the H2 ledger, generated secrets and GeoLite2 data (default ./privacykit-data)
              --help            this text
            The app trusts loopback as a proxy: X-Forwarded-For sent from localhost places a visitor
            anywhere, and in a browser the home page's "Visit as" picker does the same.""";

    SampleAppOptions {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(dataDir, "dataDir");
    }

    /** Whether {@link #policy()} names a built-in policy rather than a file. */
    boolean builtInPolicy() {
        return BUILT_IN_POLICIES.contains(policy);
    }

    /**
     * Parses the arguments, reporting every problem at once.
     *
     * @throws IllegalArgumentException listing each problem and the usage line
     */
    static SampleAppOptions parse(String[] args, Map<String, String> env) {
        List<String> problems = new ArrayList<>();
        Integer port = null;
        String policy = "us-saas";
        Path dataDir = Path.of("privacykit-data");
        String envPort = env.get("PORT");
        if (envPort != null && !envPort.isBlank()) {
            port = parsePort("PORT", envPort.trim(), problems);
        }
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String name = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            switch (name) {
                case "--port", "--policy", "--data-dir" -> {
                    if (value == null) {
                        if (i + 1 >= args.length) {
                            problems.add(name + " needs a value");
                            continue;
                        }
                        value = args[++i];
                    }
                    switch (name) {
                        case "--port" -> port = parsePort(name, value, problems);
                        case "--policy" -> policy = value;
                        default -> dataDir = Path.of(value);
                    }
                }
                default -> problems.add("unknown argument '" + arg + "'");
            }
        }
        if (!BUILT_IN_POLICIES.contains(policy) && !Files.isRegularFile(Path.of(policy))) {
            problems.add("--policy '" + policy + "' is neither a built-in policy " + BUILT_IN_POLICIES
                    + " nor a readable properties file");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("\n", problems) + "\n" + USAGE);
        }
        return new SampleAppOptions(port == null ? 8080 : port, policy, dataDir);
    }

    /** Whether the arguments ask for the help text (which then goes to standard output, exit code 0). */
    static boolean wantsHelp(String[] args) {
        for (String arg : args) {
            if (arg.equals("--help") || arg.equals("-h")) {
                return true;
            }
        }
        return false;
    }

    private static Integer parsePort(String name, String value, List<String> problems) {
        try {
            int port = Integer.parseInt(value);
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problems.add(name + " must be a port number 0-65535, not '" + value + "'");
        return null;
    }
}
