package org.sth.automation.phase.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sth.automation.config.AutomationConfig;
import org.sth.automation.config.ConfigException;
import org.sth.automation.config.ConfigLoader;
import org.sth.automation.io.Json;

class WorkRootConfigTest {

    private static AutomationConfig config(Path dir, String name, int port) throws Exception {
        String toml = """
                [paths]
                work_root = "%s"

                [auth_refs.k]
                type = "key_file"
                value = "id"

                [[hosts]]
                name = "h1"
                hostname = "10.0.0.1"
                port = %d
                auth_ref = "k"
                """.formatted(dir.resolve("work"), port);
        Files.writeString(dir.resolve(name), toml);
        return ConfigLoader.load(dir.resolve(name));
    }

    @Test
    void aSecondConfigIsRefusedWhileTheFirstRunsAndWelcomeOnceItStopped(@TempDir Path dir) throws Exception {
        // given a controller of the work root runs lab.toml
        AutomationConfig lab = config(dir, "lab.toml", 22);
        AutomationConfig other = config(dir, "other.toml", 2222);
        Path work = lab.paths().workRoot();
        WorkRootConfig running = WorkRootConfig.join(work, lab);

        // when a verb with other.toml joins, and one with a copy of lab.toml
        // then the first is refused naming both files and what differs; the same settings are welcome
        assertThatThrownBy(() -> WorkRootConfig.join(work, other)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(dir.resolve("other.toml").toString()).hasMessageContaining(dir.resolve("lab.toml").toString())
                .hasMessageContaining("hosts[0].port: 2222 here, 22 there").hasMessageContaining("fix: run with --config");
        WorkRootConfig.join(work, config(dir, "copy.toml", 22)).close();
        assertThat(Json.readObject(work.resolve("cluster/config.json")).path("config").asText()).isEqualTo(dir.resolve("lab.toml").toString());

        // and once every controller stopped, the next may bring another config
        running.close();
        WorkRootConfig.join(work, other).close();
        assertThat(Json.readObject(work.resolve("cluster/config.json")).path("config").asText()).isEqualTo(dir.resolve("other.toml").toString());
    }
}
