package org.sth.automation.run;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Observes, in this process, every line written to a run's {@code events.jsonl}, {@code command_ledger.jsonl} and
 * {@code transfer_ledger.jsonl}, right after it was written: metrics and the daemon's progress lines are fed by
 * construction, like the ledgers. A listener must be quick and must not throw (a throw is swallowed, the run goes on).
 */
public interface RunListener {

    /** An event was appended; {@code status} is the run's status after it (a copy: do not keep it). */
    default void onEvent(RunLayout run, ObjectNode event, ObjectNode status) {
    }

    /** A remote command's ledger line was appended (redacted, as in the file). */
    default void onCommand(RunLayout run, ObjectNode line) {
    }

    /** A transfer's ledger line was appended. */
    default void onTransfer(RunLayout run, ObjectNode line) {
    }

    /** The listeners of this process. */
    final class Registry {

        private static final List<RunListener> LISTENERS = new CopyOnWriteArrayList<>();

        private Registry() {
        }

        public static void add(RunListener l) {
            LISTENERS.add(l);
        }

        public static void remove(RunListener l) {
            LISTENERS.remove(l);
        }

        static boolean isEmpty() {
            return LISTENERS.isEmpty();
        }

        static void event(RunLayout run, ObjectNode event, ObjectNode status) {
            for (RunListener l : LISTENERS) {
                try {
                    l.onEvent(run, event, status);
                } catch (RuntimeException ignored) {
                    // an observer never breaks the run it observes
                }
            }
        }

        static void command(RunLayout run, ObjectNode line) {
            for (RunListener l : LISTENERS) {
                try {
                    l.onCommand(run, line);
                } catch (RuntimeException ignored) {
                    // an observer never breaks the run it observes
                }
            }
        }

        static void transfer(RunLayout run, ObjectNode line) {
            for (RunListener l : LISTENERS) {
                try {
                    l.onTransfer(run, line);
                } catch (RuntimeException ignored) {
                    // an observer never breaks the run it observes
                }
            }
        }
    }
}
