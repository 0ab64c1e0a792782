package org.sth.automation.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RunContextTest {

    @Test
    void scratchParentIsPerLoginUser() {
        // given two accounts on the same host and the same run
        String run = "lab-t1-20261124T022721Z";

        // when
        String bench = RunContext.remoteScratch("sthbench", run);
        String root = RunContext.remoteScratch("root", run);

        // then a parent left behind by one account never blocks the other
        assertThat(bench).isEqualTo("/tmp/sth-bench-automation-sthbench/" + run);
        assertThat(root).isEqualTo("/tmp/sth-bench-automation-root/" + run);
    }

    @Test
    void usernameCannotEscapeThePathOrTheShellQuotes() {
        // given a hostile or odd user name
        String odd = "a'b/../c d";

        // when
        String path = RunContext.remoteScratch(odd, "r1");

        // then only safe characters remain
        assertThat(path).isEqualTo("/tmp/sth-bench-automation-a_b_.._c_d/r1");
        assertThat(RunContext.remoteScratch(null, "r1")).isEqualTo("/tmp/sth-bench-automation-user/r1");
    }
}
