package org.sth.automation.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sth.automation.Cli;
import org.sth.automation.RunDirectoryAssertions;
import org.sth.automation.demo.DemoEnvironment;

/**
 * A verb that only reads the config ({@code validate} at its default scope, {@code runs}) loads no SSH or Bouncy Castle
 * class: asking the SSH client which algorithms it supports registers the JCA providers, hundreds of classes from a
 * signed jar the class-data-sharing archive cannot hold (a {@code validate} took 2.05 CPU s with them, 0.89 without;
 * docs/performance.md, "Cold start"). A config that names {@code [ssh] kex} or {@code ciphers} still has them checked.
 * And picocli, whose classes every verb loads from its jar (Java 5 class files: the archive cannot hold them), is first
 * on the packaged jar's class path, so that looking them up opens no other jar.
 */
class ConfigOnlyVerbsIT {

    @Test
    void picocliIsFirstOnThePackagedJarsClassPath() throws Exception {
        Path jar = Path.of(System.getProperty("basedir", System.getProperty("user.dir")), "target", "sth-bench-automation.jar");
        try (java.util.jar.JarFile j = new java.util.jar.JarFile(jar.toFile())) {
            String classPath = j.getManifest().getMainAttributes().getValue("Class-Path");
            assertThat(classPath.split(" ")[0]).as(classPath).startsWith("lib/picocli-");
        }
    }

    @Test
    void validateAndRunsReadTheConfigWithoutLoadingTheSshClientOrItsCryptoProviders(@TempDir Path dir) throws Exception {
        try (DemoEnvironment env = DemoEnvironment.start(dir.resolve("demo"), 0, null)) {
            for (String verb : List.of("validate", "runs")) {
                Path classes = dir.resolve(verb + "-classes.txt");
                Path log = dir.resolve(verb + ".log");
                ProcessBuilder pb = Cli.controller(log, verb, "--config", env.config().toString());
                pb.environment().put("JAVA_TOOL_OPTIONS", "-Xlog:class+load=info:file=" + classes);
                Process p = pb.start();
                assertThat(p.waitFor(120, TimeUnit.SECONDS)).as(verb).isTrue();
                assertThat(p.exitValue()).as(RunDirectoryAssertions.read(log)).isZero();
                List<String> loaded = Files.readAllLines(classes);
                assertThat(loaded).as(verb).anyMatch(l -> l.contains("org.sth.automation.config.ConfigBinder "))
                        .noneMatch(l -> l.contains(" org.bouncycastle.") || l.contains(" org.apache.sshd."));
            }
        }
    }
}
