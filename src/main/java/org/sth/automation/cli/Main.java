package org.sth.automation.cli;

import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import org.sth.automation.io.SafeText;
import org.sth.automation.observe.AgentResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine;

/**
 * {@code sth-bench-automation}: the command tree. Exit codes: 0 ok, 1 run or validation failure,
 * 2 usage or configuration error. {@link #run} makes the CLI callable in-process for tests.
 */
@Command(name = "sth-bench-automation", mixinStandardHelpOptions = true, version = "sth-bench-automation 0.1.0",
        description = "Runs benchmark campaigns on remote lab servers and leaves a run directory that says what happened.",
        subcommands = {ValidateCommand.class, RunCommand.class, ServeCommand.class, StatusCommand.class, RunsCommand.class,
                ResumeCommand.class, RecoverCommand.class, ReplayCommand.class, DemoCommand.class, DemoServerCommand.class,
                PlanCommand.class, TrainCdsCommand.class, HelpCommand.class})
public final class Main {

    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;

    public static void main(String[] args) {
        // log lines (Camel, the engine) may quote a host's message: they reach the terminal escaped too
        System.setOut(new PrintStream(SafeText.stream(new java.io.FileOutputStream(java.io.FileDescriptor.out)), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(SafeText.stream(new java.io.FileOutputStream(java.io.FileDescriptor.err)), true, StandardCharsets.UTF_8));
        Runtime.getRuntime().addShutdownHook(new Thread(Main::stopping, "sth-stopping"));
        int code = run(System.out, System.err, args);
        if (STOPPING.get()) {
            // a signal is stopping the JVM: its exit status (128 + the signal: 130 for Ctrl-C, 143 for SIGTERM) stands; an
            // exit with the verb's own code here would race with it (and win when the hooks are done first)
            return;
        }
        System.exit(code);
    }

    private static final java.util.concurrent.atomic.AtomicBoolean STOPPING = new java.util.concurrent.atomic.AtomicBoolean();

    /**
     * Says the JVM is stopping (a signal, or an exit elsewhere). Every shutdown hook of a verb calls it first: hooks run
     * at once, so the verb's own hook, not this class's, is what the verb's thread may see finish first.
     */
    static void stopping() {
        STOPPING.set(true);
    }

    public static int run(PrintStream out, PrintStream err, String... args) {
        CommandLine cl = new CommandLine(new Main());
        // everything a verb prints may carry text from a host: escape sequences never reach the terminal raw
        cl.setOut(new PrintWriter(SafeText.writer(new OutputStreamWriter(out, StandardCharsets.UTF_8)), true));
        cl.setErr(new PrintWriter(SafeText.writer(new OutputStreamWriter(err, StandardCharsets.UTF_8)), true));
        cl.setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("error: " + e.getMessage());
            AgentResult.ErrorKind kind = AgentResult.ErrorKind.of(e);
            if (commandLine.getCommand() instanceof JsonOutput j && j.json()) {
                printJsonError(commandLine, j.verb(), kind, e.getMessage());
            }
            return kind.exitCode();
        });
        cl.setParameterExceptionHandler((e, args1) -> {
            e.getCommandLine().getErr().println("error: " + e.getMessage());
            e.getCommandLine().getErr().println("Try '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            if (java.util.Arrays.asList(args1).contains("--json")) {
                printJsonError(e.getCommandLine(), e.getCommandLine().getCommandName(), AgentResult.ErrorKind.USAGE, e.getMessage());
            }
            return USAGE;
        });
        return cl.execute(args);
    }

    /** With --json an agent reads the failure from standard output too, in the same document shape. */
    private static void printJsonError(CommandLine commandLine, String verb, AgentResult.ErrorKind kind, String message) {
        JsonOutput.print(commandLine.getOut(), AgentResult.error(verb, kind, message));
    }
}
