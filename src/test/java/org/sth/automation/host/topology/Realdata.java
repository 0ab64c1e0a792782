package org.sth.automation.host.topology;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The real topology captures under {@code src/test/resources/realdata} (see each folder's SOURCE.txt). */
public final class Realdata {

    public static final String HYBRID = "/realdata/02-cpu-topology/a-intel-hybrid/";
    public static final String DUAL = "/realdata/02-cpu-topology/b-dual-socket-smt/";
    public static final String ARM = "/realdata/02-cpu-topology/d-arm-server-no-smt/";
    public static final String HETERO = "/realdata/02-cpu-topology/e-extra-arm-heterogeneous/";
    public static final String SYSINFO = "/realdata/01-sth-system-info/";

    private Realdata() {
    }

    /** A resource's text; fails the test when it is missing. */
    public static String text(String path) {
        try (InputStream in = Realdata.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The machines the planner tests cover, each as the sources its capture gives. */
    public enum Machine {
        I9_12900K("Intel Core i9-12900K (lscpu --all --extended, TDF README)",
                new TopologySources(null, text(HYBRID + "tdf-readme_i9-12900K_lscpu--all--extended.txt"), null, null)),
        I7_1370P("Intel Core i7-1370P Raptor Lake (hwloc sysfs dump; lscpu -e and -p generated from it)",
                new TopologySources(text(HYBRID + "GENERATED_from-hwloc-dump_i7-1370P-RaptorLake.lscpu.txt"),
                        text(HYBRID + "GENERATED_from-hwloc-dump_i7-1370P-RaptorLake.lscpu-e.txt"),
                        text(HYBRID + "hwloc-dump_i7-1370P_sysfs-topology-extract.txt"), null)),
        EPYC_7451_2S("2x AMD EPYC 7451 (util-linux dump: lscpu -p generated, sysfs extract)",
                new TopologySources(text(DUAL + "GENERATED_from-util-linux-dump_2xEPYC7451.lscpu.txt"),
                        text(DUAL + "GENERATED_from-util-linux-dump_2xEPYC7451.lscpu-p_CPU,CORE,SOCKET,NODE,ONLINE.csv"),
                        text(DUAL + "util-linux-dump_2xEPYC7451_sysfs-topology-extract.txt"), null)),
        XEON_4108_2S("2x Intel Xeon Silver 4108 (hwloc dump: lscpu -p generated)",
                new TopologySources(text(DUAL + "GENERATED_from-hwloc-dump_2xXeonSilver4108.lscpu.txt"),
                        text(DUAL + "GENERATED_from-hwloc-dump_2xXeonSilver4108.lscpu-p_CPU,CORE,SOCKET,NODE,ONLINE.csv"), null, null)),
        XEON_X7550_4S("4x Intel Xeon X7550, NUMA nodes 0,2,3 (util-linux dump: lscpu -p generated)",
                new TopologySources(text(DUAL + "GENERATED_from-util-linux-dump_4xXeonX7550.lscpu.txt"),
                        text(DUAL + "GENERATED_from-util-linux-dump_4xXeonX7550.lscpu-p_CPU,CORE,SOCKET,NODE,ONLINE.csv"), null, null)),
        KUNPENG_920_2S("2x HiSilicon Kunpeng 920, no SMT (hwloc dump: lscpu -p generated, sysfs extract)",
                new TopologySources(text(ARM + "GENERATED_from-hwloc-dump_2xKunpeng920.lscpu.txt"),
                        text(ARM + "GENERATED_from-hwloc-dump_2xKunpeng920.lscpu-p_CPU,CORE,SOCKET,NODE,ONLINE.csv"),
                        text(ARM + "hwloc-dump_2xKunpeng920_sysfs-topology-extract.txt"), null)),
        AMPEREONE_A192("AmpereOne A192-30X, no SMT (STH-System-Info amponed8: lscpu, lscpu -p, lstopo xml)",
                new TopologySources(text(SYSINFO + "amponed8/raw/lscpu.txt"), text(SYSINFO + "amponed8/raw/lscpu-topology.csv"), null,
                        text(SYSINFO + "amponed8/topology/lstopo.xml"))),
        GB10("NVIDIA DGX Spark GB10, 10 X925 + 10 A725 (hwloc dump: lscpu -p generated, sysfs extract, lstopo xml)",
                new TopologySources(text(HETERO + "GENERATED_from-hwloc-dump_NVIDIA-GB10.lscpu.txt"),
                        text(HETERO + "GENERATED_from-hwloc-dump_NVIDIA-GB10.lscpu-p_CPU,CORE,SOCKET,NODE,ONLINE.csv"),
                        text(HETERO + "hwloc-dump_NVIDIA-GB10_sysfs-topology-extract.txt"),
                        text(HETERO + "hwloc_linux_nvidia-dgx-gb10.lstopo.xml"))),
        STRIX_HALO("AMD Ryzen AI MAX+ 395 Strix Halo (STH-System-Info evo-x2: lscpu, lscpu -p)",
                new TopologySources(text(SYSINFO + "evo-x2/raw/lscpu.txt"), text(SYSINFO + "evo-x2/raw/lscpu-topology.csv"), null, null));

        private final String title;
        private final TopologySources sources;

        Machine(String title, TopologySources sources) {
            this.title = title;
            this.sources = sources;
        }

        public String title() {
            return title;
        }

        public TopologySources sources() {
            return sources;
        }

        /** File name stem of the machine's expected files. */
        public String stem() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }
}
