package io.privacykit.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SampleAppOptionsTest {

    @Test
    void defaultsAreUsSaasOnPort8080() {
        SampleAppOptions options = SampleAppOptions.parse(new String[0], Map.of());
        assertThat(options.port()).isEqualTo(8080);
        assertThat(options.policy()).isEqualTo("us-saas");
        assertThat(options.builtInPolicy()).isTrue();
        assertThat(options.dataDir()).isEqualTo(Path.of("privacykit-data"));
    }

    @Test
    void portComesFromTheEnvironmentAndTheFlagWins() {
        assertThat(SampleAppOptions.parse(new String[0], Map.of("PORT", "9090")).port()).isEqualTo(9090);
        assertThat(SampleAppOptions.parse(new String[] {"--port", "7070"}, Map.of("PORT", "9090")).port())
                .isEqualTo(7070);
        assertThat(SampleAppOptions.parse(new String[] {"--port=0"}, Map.of()).port()).isZero();
    }

    @Test
    void acceptsBothPoliciesAFileAndADataDirectory(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("mine.properties"), "privacy.policy.version=1\n");
        assertThat(SampleAppOptions.parse(new String[] {"--policy", "eu-saas"}, Map.of()).builtInPolicy()).isTrue();
        SampleAppOptions options = SampleAppOptions.parse(
                new String[] {"--policy", file.toString(), "--data-dir", dir.toString()}, Map.of());
        assertThat(options.builtInPolicy()).isFalse();
        assertThat(options.dataDir()).isEqualTo(dir);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "--port abc              | --port must be a port number 0-65535, not 'abc'",
        "--port 70000            | --port must be a port number 0-65535, not '70000'",
        "--port                  | --port needs a value",
        "--colour blue           | unknown argument '--colour'",
        "--policy nowhere.props  | --policy 'nowhere.props' is neither a built-in policy",
    })
    void badArgumentsAreNamedWithTheUsage(String args, String message) {
        assertThatThrownBy(() -> SampleAppOptions.parse(args.split(" "), Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message)
                .hasMessageContaining(SampleAppOptions.USAGE);
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        assertThatThrownBy(() -> SampleAppOptions.parse(new String[] {"--port", "x", "--what"}, Map.of("PORT", "-1")))
                .hasMessageContaining("PORT must be a port number")
                .hasMessageContaining("--port must be a port number")
                .hasMessageContaining("unknown argument '--what'");
    }

    @org.junit.jupiter.api.Test
    void helpIsAskedForAnywhereInTheArguments() {
        assertThat(SampleAppOptions.wantsHelp(new String[] {"--port", "1", "--help"})).isTrue();
        assertThat(SampleAppOptions.wantsHelp(new String[] {"-h"})).isTrue();
        assertThat(SampleAppOptions.wantsHelp(new String[] {"--port", "1"})).isFalse();
        assertThat(SampleAppOptions.HELP).startsWith(SampleAppOptions.USAGE).contains("Visit as");
    }
}
