package org.sth.automation.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.sth.automation.adapter.Adapters;
import org.sth.automation.config.AutomationConfig;
import org.sth.automation.engine.PhaseMessage;
import org.sth.automation.engine.recovery.RecoveryQueue;
import org.sth.automation.run.RunStore;
import org.sth.automation.transport.SecretSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code replay}: moves a recovery message back into its spool (after the cause is fixed) and runs the run to the end. */
@Command(name = "replay", mixinStandardHelpOptions = true, description = "Move recovery/<phase>/<message>.json back into its spool and continue the run.")
final class ReplayCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", description = "The recovery message (recovery/<phase>/<run_id>.json).")
    Path message;

    @Option(names = "--no-wait", description = "Only move the message back (a running `serve` picks it up).")
    boolean noWait;

    @Option(names = "--timeout", defaultValue = "PT24H", description = "How long to wait (ISO-8601, default ${DEFAULT-VALUE}).")
    Duration timeout;

    SecretSource secrets = SecretSource.ENVIRONMENT;

    @Override
    public Integer call() throws java.io.IOException {
        PhaseMessage m = PhaseMessage.parse(java.nio.file.Files.readString(message), message.toString());
        RunStore store = RunStore.open(m.runDir());
        AutomationConfig cfg = Adapters.loadConfig(Path.of(store.plan().configPath()));
        return ResumeCommand.continueRun(spec, store, cfg, noWait, timeout, secrets, () -> {
            Path spool = RecoveryQueue.replay(message);
            store.resumed(m.phase(), "replay");
            Output.out(spec).println("Replayed into " + spool);
            return true;
        });
    }
}
