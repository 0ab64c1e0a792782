package org.sth.automation.adapter.agentsth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sth.automation.adapter.Adapters;
import org.sth.automation.config.AutomationConfig;
import org.sth.automation.config.ConfigException;
import org.sth.automation.config.ConfigValidationException;

/** The [agentsth] policy surface as the config loader binds it: every key, and bad values named with the fix. */
class AgentsthPolicyTest {

    private static final String BASE = """
            [auth_refs.key]
            type = "key_file"
            value = "id_ed25519"

            [[hosts]]
            name = "box"
            auth_ref = "key"

            [agentsth]
            official_profile = "v6.1-official"

            [agentsth.profiles."v6.1-official"]
            args = ["--profile", "v6.1-official"]

            [agentsth.profiles.v6-supplemental-compression-2gb]
            args = ["--profile", "v6-supplemental-compression-2gb"]
            """;

    private static AutomationConfig parse(String extra) {
        String toml = BASE.replace("[agentsth.profiles.\"v6.1-official\"]", extra + "\n[agentsth.profiles.\"v6.1-official\"]");
        return Adapters.parseConfig(toml, "lab.toml", Path.of("/tmp"));
    }

    private static List<ConfigException> problems(String extra) {
        ConfigValidationException e = catchThrowableOfType(() -> parse(extra), ConfigValidationException.class);
        assertThat(e).as("expected a validation failure").isNotNull();
        return e.problems();
    }

    @Test
    void everyPolicyKeyIsBound() {
        // when
        AgentsthPolicy p = AgentsthPolicy.of(Adapters.parseConfig(BASE.replace("official_profile = \"v6.1-official\"", """
                official_profile = "v6.1-official"
                cpu_pool = "socket 1"
                threading = "physical"
                single_agent = false
                multi_agent = [2, "4x6"]
                build_command = "cargo build --release"
                run_command = "./target/release/agentsth"
                bundle_paths = ["target/release/agentsth", "profiles"]

                [[agentsth.supplemental]]
                label = "P-cores only"
                cpu_pool = "p_cores"

                [[agentsth.supplemental]]
                id = "compression"
                profile = "v6-supplemental-compression-2gb"
                agents = "2x8"
                """), "lab.toml", Path.of("/tmp")));

        // then
        assertThat(p.cpuPool()).isEqualTo(new CpuPool(CpuPool.Kind.SOCKET, 1, null));
        assertThat(p.threading()).isEqualTo(Threading.PHYSICAL);
        assertThat(p.singleAgent()).isFalse();
        assertThat(p.multiAgent()).containsExactly(new Split(2, null), new Split(4, 6));
        assertThat(p.buildTools()).containsExactly("cargo");
        assertThat(p.bundlePaths()).containsExactly("target/release/agentsth", "profiles");
        assertThat(p.supplemental()).hasSize(2);
        assertThat(p.supplemental().get(0).pool().kind()).isEqualTo(CpuPool.Kind.P_CORES);
        assertThat(p.supplemental().get(0).profile()).isNull();
        assertThat(p.supplemental().get(1).resolvedId("v6.1-official")).isEqualTo("compression");
        assertThat(p.supplemental().get(1).split()).isEqualTo(new Split(2, 8));
    }

    @Test
    void defaultsRunTheOfficialFamilyOnly() {
        // when
        AgentsthPolicy p = AgentsthPolicy.of(parse(""));

        // then
        assertThat(p.cpuPool()).isEqualTo(CpuPool.ALL);
        assertThat(p.threading()).isEqualTo(Threading.LOGICAL);
        assertThat(p.singleAgent()).isTrue();
        assertThat(p.multiAgent()).isEmpty();
        assertThat(p.supplemental()).isEmpty();
        assertThat(p.buildTools()).containsExactly("make");
    }

    @Test
    void badValuesAreNamedWithTheirKeyAndFix() {
        // when
        List<ConfigException> all = problems("""
                cpu_pool = "big_cores"
                threading = "smt"
                multi_agent = [1, "2y3", 99999]
                bundle_paths = ["../outside"]

                [[agentsth.supplemental]]
                id = "Bad Id"
                profile = "nope"
                agents = 0
                cpu_pool = "socket x"
                colour = "red"
                """);

        // then
        assertThat(all).extracting(ConfigException::key).containsExactlyInAnyOrder(
                "agentsth.cpu_pool", "agentsth.threading", "agentsth.multi_agent", "agentsth.multi_agent", "agentsth.multi_agent",
                "agentsth.bundle_paths", "agentsth.supplemental[0].id", "agentsth.supplemental[0].profile",
                "agentsth.supplemental[0].agents", "agentsth.supplemental[0].cpu_pool", "agentsth.supplemental[0].colour");
        assertThat(all).filteredOn(e -> e.key().equals("agentsth.cpu_pool")).singleElement()
                .satisfies(e -> assertThat(e.fix()).contains("\"p_cores\"", "\"numa 1\""));
        assertThat(all).filteredOn(e -> e.key().equals("agentsth.supplemental[0].profile")).singleElement()
                .satisfies(e -> assertThat(e.problem()).contains("'nope'", "v6.1-official"));
        assertThat(all).filteredOn(e -> e.key().equals("agentsth.multi_agent")).extracting(ConfigException::problem)
                .anyMatch(m -> m.contains("at least 2 agents")).anyMatch(m -> m.contains("'2y3'")).anyMatch(m -> m.contains("99999"));
    }
}
