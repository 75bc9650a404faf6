package io.privacykit.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.Server;

/**
 * One of the load harness's servers in a JVM of its own ({@code LoadHarness --servers=separate}), as a deployment
 * runs it: no other server's requests shape what its JIT compiles, and its CPU time is its own. The harness starts
 * it with this JVM's options and talks to it over its standard input and output, one line each way: {@code begin}
 * and {@code end} bracket a measured phase, and {@code end} is answered with what the JVM did in between. The
 * process stops when its input ends, so that it never outlives the harness.
 */
final class ServerProcess implements LoadHarness.Target {

    private static final String ANSWER = "privacykit-bench-server ";

    /** Stands in the answer queue for the end of the server's output. */
    private static final String ENDED = "";

    private final Process process;
    private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();
    private final Writer commands;
    private final URI uri;

    private ServerProcess(Process process) throws IOException {
        this.process = process;
        this.commands = process.outputWriter(StandardCharsets.UTF_8);
        // The server's output is read all the time, not only while an answer is awaited: what its JVM prints there
        // (-XX:+PrintCompilation, -Xlog) would otherwise fill the pipe and stall the server mid-phase.
        Thread reader = new Thread(this::readOutput, "server-output-" + process.pid());
        reader.setDaemon(true);
        reader.start();
        this.uri = URI.create("http://127.0.0.1:" + answer("port") + "/");
    }

    /** Queues the server's answers and passes every other line of its output on. */
    private void readOutput() {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith(ANSWER)) {
                    answers.add(line.substring(ANSWER.length()));
                } else {
                    System.out.println(line);
                }
            }
        } catch (IOException e) {
            System.err.println("the server process's output could not be read: " + e);
        } finally {
            answers.add(ENDED);
        }
    }

    /**
     * Starts a server of {@code page} behind {@code filter} ({@code none}, {@code privacykit} or {@code floor}) in a
     * new JVM with this one's class path and options, and waits until it listens.
     */
    static ServerProcess launch(String page, String filter, int visitors) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(ServerProcess.class.getName());
        command.add(page);
        command.add(filter);
        command.add(Integer.toString(visitors));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        return new ServerProcess(process);
    }

    @Override
    public URI uri() {
        return uri;
    }

    @Override
    public void begin() throws IOException {
        command("begin");
        answer("begun");
    }

    @Override
    public LoadHarness.Activity end() throws IOException {
        command("end");
        return LoadHarness.Activity.parse(answer("activity"));
    }

    @Override
    public void close() throws Exception {
        commands.close();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    private void command(String line) throws IOException {
        commands.write(line + "\n");
        commands.flush();
    }

    /** The rest of the server's next answer, which must be {@code kind}. */
    private String answer(String kind) throws IOException {
        String answer;
        try {
            answer = answers.poll(5, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the server's '" + kind + "'", e);
        }
        if (answer == null || answer.equals(ENDED)) {
            throw new IOException("the server process " + (answer == null ? "did not answer" : "ended before it answered")
                    + " '" + kind + "'");
        }
        if (!answer.startsWith(kind)) {
            throw new IOException("the server process answered '" + answer + "' where '" + kind + "' was due");
        }
        return answer.substring(kind.length()).trim();
    }

    /** The server's side: {@code page filter visitors}. */
    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            throw new IllegalArgumentException("usage: ServerProcess hello|cookies none|privacykit|floor VISITORS");
        }
        String page = args[0];
        String filterName = args[1];
        int visitors = Integer.parseInt(args[2]);
        // Only answers go to standard output; anything else the JVM or a library prints goes to the error stream.
        PrintStream out = System.out;
        System.setOut(System.err);
        Path dataDir = filterName.equals("none") ? null : BenchFixture.newDataDirectory();
        LoadHarness.FilterUnderTest filter = dataDir == null ? null : LoadHarness.FilterUnderTest.of(filterName,
                BenchFixture.policy(dataDir), BenchFixture.publicAddressTexts(visitors));
        Server server = LoadHarness.start(filter == null ? null : filter.filter(), page);
        try {
            out.println(ANSWER + "port " + LoadHarness.port(server));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            LoadHarness.JvmActivity before = null;
            String line;
            while ((line = in.readLine()) != null) {
                switch (line) {
                    case "begin" -> {
                        before = LoadHarness.JvmActivity.now();
                        out.println(ANSWER + "begun");
                    }
                    case "end" -> {
                        if (before == null) {
                            throw new IllegalStateException("'end' before 'begin'");
                        }
                        out.println(ANSWER + "activity " + LoadHarness.JvmActivity.now().since(before).line());
                    }
                    default -> throw new IllegalArgumentException("unknown command: " + line);
                }
                out.flush();
            }
        } finally {
            server.stop();
            if (filter != null) {
                filter.stop().run();
            }
            if (dataDir != null) {
                BenchFixture.delete(dataDir);
            }
        }
    }
}
