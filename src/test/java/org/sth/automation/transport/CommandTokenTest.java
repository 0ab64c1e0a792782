package org.sth.automation.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class CommandTokenTest {

    @Test
    void aTokenReadsBackAsItsBaseAndEpoch() {
        assertThat(new CommandToken("k0a1_b", 7).toString()).isEqualTo("k0a1_b-e7");
        assertThat(new CommandToken("k0a1_b", 0).toString()).isEqualTo("k0a1_b");
        assertThat(CommandToken.parse("k0a1_b-e7")).contains(new CommandToken("k0a1_b", 7));
        assertThat(CommandToken.parse("k0a1_b")).contains(new CommandToken("k0a1_b", 0));
    }

    @Test
    void anythingElseIsNoToken() {
        for (String text : new String[] {"", "k1-e", "k1-e1x", "k1-ex", "k1;rm -rf /", "k1-e12345678901234567890", "-e3", "k1 -e3"}) {
            assertThat(CommandToken.parse(text)).as(text).isEqualTo(Optional.empty());
        }
        assertThat(CommandToken.parse(null)).isEmpty();
        assertThatThrownBy(() -> new CommandToken("k1-e2", 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CommandToken("k1", -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
