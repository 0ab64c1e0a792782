package org.sth.automation.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EffectiveConfigTest {

    private static final String LAB = """
            [paths]
            work_root = "work"

            [auth_refs.k]
            type = "key_file"
            value = "id"

            [[hosts]]
            name = "h1"
            hostname = "10.0.0.1"
            port = 22
            auth_ref = "k"
            """;

    @Test
    void theSameSettingsWrittenAnotherWayHaveTheSameDigest(@TempDir Path dir) {
        // given the same config, reordered and commented
        EffectiveConfig a = EffectiveConfig.of(ConfigLoader.parse(LAB, "a.toml", dir));
        EffectiveConfig b = EffectiveConfig.of(ConfigLoader.parse("""
                # the lab
                [[hosts]]
                auth_ref = "k"
                port = 22
                hostname = "10.0.0.1"
                name = "h1"

                [auth_refs.k]
                value = "id"
                type = "key_file"

                [paths]
                work_root = "work"
                """, "b.toml", dir));

        // then
        assertThat(b.digest()).isEqualTo(a.digest());
        assertThat(a.differences(b, "here", "there")).isEmpty();
        assertThat(a.settings()).containsEntry("hosts[0].port", "22").doesNotContainKey("source");
    }

    @Test
    void anotherPortOrAnotherFolderForRelativePathsIsAnotherConfig(@TempDir Path dir) {
        // given
        EffectiveConfig a = EffectiveConfig.of(ConfigLoader.parse(LAB, "a.toml", dir));

        // when the port changes, or the same text sits in another folder (its relative paths resolve elsewhere)
        EffectiveConfig port = EffectiveConfig.of(ConfigLoader.parse(LAB.replace("port = 22", "port = 2222"), "b.toml", dir));
        EffectiveConfig moved = EffectiveConfig.of(ConfigLoader.parse(LAB, "a.toml", dir.resolve("elsewhere")));

        // then each says what differs
        assertThat(port.digest()).isNotEqualTo(a.digest());
        assertThat(port.differences(a, "here", "there")).containsExactly("hosts[0].port: 2222 here, 22 there");
        assertThat(moved.differences(a, "here", "there")).anySatisfy(d -> assertThat(d).startsWith("paths.workRoot: "));
        assertThat(EffectiveConfig.of(a.settings()).digest()).isEqualTo(a.digest());
    }

    @Test
    void aSetOfSettingsHasOneDigestWhateverOrderAJvmIteratesItIn(@TempDir Path dir) {
        // given the same checks listed in two orders (a set: the JVM's iteration order of Set.of is random per process)
        String quiet = "\n[integrity.quiet]\nchecks = [%s]\n";
        EffectiveConfig a = EffectiveConfig.of(org.sth.automation.adapter.Adapters.parseConfig(LAB + quiet.formatted("\"cpu\", \"thermal\", \"memory\""), "a.toml", dir));
        EffectiveConfig b = EffectiveConfig.of(org.sth.automation.adapter.Adapters.parseConfig(LAB + quiet.formatted("\"memory\", \"cpu\", \"thermal\""), "a.toml", dir));

        // then one digest, the set's elements in name order
        assertThat(b.digest()).isEqualTo(a.digest());
        assertThat(a.settings().entrySet().stream().filter(e -> e.getKey().endsWith("quiet.checks[0]") || e.getKey().endsWith("quiet.checks[1]")
                || e.getKey().endsWith("quiet.checks[2]")).map(java.util.Map.Entry::getValue)).containsExactly("cpu", "memory", "thermal");
    }
}
