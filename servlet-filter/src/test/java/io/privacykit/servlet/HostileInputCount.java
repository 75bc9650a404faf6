package io.privacykit.servlet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * Fails a hostile-input property that checked fewer inputs than its {@code tries} (jqwik may stop
 * early, or generate exhaustively), and writes how many it checked to
 * {@code target/hostile-input/<class>.<property>.txt}, which {@code .ci/run} prints at the end.
 */
final class HostileInputCount implements AroundPropertyHook {

    /** The directory the counts are written to, under the module's build directory. */
    static final Path DIRECTORY = Path.of(System.getProperty("basedir", "."), "target", "hostile-input");

    /** Instantiated by jqwik. */
    public HostileInputCount() {
    }

    @Override
    public PropagationMode propagateTo() {
        return PropagationMode.ALL_DESCENDANTS;
    }

    @Override
    public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
        PropertyExecutionResult result = property.execute();
        if (result.status() != PropertyExecutionResult.Status.SUCCESSFUL) {
            return result;
        }
        int wanted = context.attributes().tries().orElse(0);
        if (result.countChecks() < wanted) {
            return result.mapToFailed("checked only " + result.countChecks() + " of " + wanted + " generated inputs");
        }
        String name = context.containerClass().getSimpleName() + "." + context.targetMethod().getName();
        try {
            Files.createDirectories(DIRECTORY);
            Files.writeString(DIRECTORY.resolve(name + ".txt"),
                    String.format("%-72s %,9d generated inputs%n", name, result.countChecks()), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return result;
    }
}
