package org.sth.automation.adapter.agentsth;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sth.automation.host.topology.CpuSet;
import org.sth.automation.host.topology.CpuTopology;

/**
 * Policy + topology → run families. The official family (official profile, one agent, every online CPU, logical
 * threading) always comes first and is never changed by the policy; then the mainstream families on the configured
 * pool (single agent, splits), then the supplemental ones. A request the host cannot honour (E-cores on a uniform host,
 * pinned CPUs absent or offline, a split that does not divide) is skipped with its reason, never dropped; a request
 * that would run exactly what an earlier family runs is skipped as its duplicate.
 */
public final class FamilyPlanner {

    private FamilyPlanner() {
    }

    /** The requests of a policy in run order; with {@code allFamilies} also every family kind the topology allows. */
    public static List<FamilyRequest> requests(AgentsthPolicy policy, CpuTopology topology, boolean allFamilies) {
        List<FamilyRequest> out = new ArrayList<>();
        String official = policy.officialProfile();
        String profile = official == null ? "(no official_profile)" : official;
        out.add(new FamilyRequest(null, null, CpuPool.ALL, Threading.LOGICAL, Split.SINGLE, profile, true));
        boolean defaultPool = policy.cpuPool().kind() == CpuPool.Kind.ALL && policy.threading() == Threading.LOGICAL;
        if (policy.singleAgent() && !defaultPool) {
            out.add(new FamilyRequest(null, null, policy.cpuPool(), policy.threading(), Split.SINGLE, profile, false));
        }
        for (Split s : policy.multiAgent()) {
            out.add(new FamilyRequest(null, null, policy.cpuPool(), policy.threading(), s, profile, false));
        }
        out.addAll(policy.supplemental().stream().map(r -> r.profile() == null
                ? new FamilyRequest(r.id(), r.label(), r.pool(), r.threading(), r.split(), profile, false) : r).toList());
        if (allFamilies) {
            out.add(new FamilyRequest(null, null, new CpuPool(CpuPool.Kind.P_CORES, null, null), Threading.LOGICAL, Split.SINGLE, profile, false));
            out.add(new FamilyRequest(null, null, new CpuPool(CpuPool.Kind.E_CORES, null, null), Threading.LOGICAL, Split.SINGLE, profile, false));
            out.add(new FamilyRequest(null, null, CpuPool.ALL, Threading.PHYSICAL, Split.SINGLE, profile, false));
            if (topology != null) {
                topology.sockets().keySet().forEach(s -> out.add(new FamilyRequest(null, null, new CpuPool(CpuPool.Kind.SOCKET, s, null),
                        Threading.LOGICAL, Split.SINGLE, profile, false)));
                topology.numaNodes().keySet().forEach(n -> out.add(new FamilyRequest(null, null, new CpuPool(CpuPool.Kind.NUMA, n, null),
                        Threading.LOGICAL, Split.SINGLE, profile, false)));
            }
            out.add(new FamilyRequest(null, null, CpuPool.ALL, Threading.LOGICAL, new Split(2, null), profile, false));
            out.add(new FamilyRequest(null, null, CpuPool.ALL, Threading.LOGICAL, new Split(4, null), profile, false));
        }
        return out;
    }

    /** The plan of a policy on a host; {@code topology} null (not known yet) leaves every request pending. */
    public static FamilyPlan plan(AgentsthPolicy policy, CpuTopology topology, boolean allFamilies, String topologyBasis) {
        List<FamilyRequest> requests = requests(policy, topology, allFamilies);
        List<RunFamily> families = new ArrayList<>();
        List<FamilyPlan.Skipped> skipped = new ArrayList<>();
        List<FamilyPlan.Skipped> pending = new ArrayList<>();
        Map<String, String> seenIds = new LinkedHashMap<>();
        for (FamilyRequest r : requests) {
            String id = r.resolvedId(policy.officialProfile());
            String label = r.resolvedLabel();
            if (seenIds.containsKey(id)) {
                // the same request twice (e.g. --all-families adding what the policy asked for): plan it once
                if (families.stream().noneMatch(f -> f.id().equals(id)) && skipped.stream().noneMatch(s -> s.id().equals(id))
                        && pending.stream().noneMatch(s -> s.id().equals(id))) {
                    skipped.add(new FamilyPlan.Skipped(id, label, "requested twice"));
                }
                continue;
            }
            seenIds.put(id, label);
            if (r.official() && policy.officialProfile() == null) {
                skipped.add(new FamilyPlan.Skipped(id, label, "no official profile: set [agentsth] official_profile and its "
                        + "[agentsth.profiles.NAME] table"));
                continue;
            }
            if (topology == null || topology.isEmpty()) {
                pending.add(new FamilyPlan.Skipped(id, label, "needs the host's CPU topology: " + topologyBasis));
                continue;
            }
            CpuPool.Resolved pool = r.pool().resolve(topology);
            if (!pool.ok()) {
                skipped.add(new FamilyPlan.Skipped(id, label, pool.reason()));
                continue;
            }
            CpuSet cpus = r.threading().apply(pool.cpus(), topology);
            String problem = null;
            List<CpuSet> agents = null;
            if (cpus.isEmpty()) {
                problem = "no online CPU left in " + r.pool().describe();
            } else {
                Cut cut = split(cpus, r.split(), topology);
                problem = cut.reason();
                agents = cut.agents();
            }
            if (problem != null) {
                skipped.add(new FamilyPlan.Skipped(id, label, problem));
                continue;
            }
            RunFamily family = new RunFamily(id, label, r.profile(), r.official(), r.pool().config(), r.threading().id(), agents);
            RunFamily same = families.stream().filter(f -> f.profile().equals(family.profile()) && f.agents().equals(family.agents()))
                    .findFirst().orElse(null);
            if (same != null) {
                skipped.add(new FamilyPlan.Skipped(id, label, "same agents, CPUs and profile as family " + same.id()));
                continue;
            }
            families.add(family);
        }
        return new FamilyPlan(topology == null || topology.isEmpty() ? topologyBasis : topology.describe(), families, skipped, pending);
    }

    /**
     * The agents' CPU sets, cut from the pool core by core in topology order (socket, node, first CPU), so an agent
     * never shares a physical core with another; or the reason the split is impossible.
     */
    static Cut split(CpuSet cpus, Split split, CpuTopology topology) {
        int k = split.agents();
        int total = cpus.size();
        int per;
        if (split.cpusPerAgent() == null) {
            if (total % k != 0) {
                return Cut.no(total + " CPUs do not divide into " + k + " equal agents");
            }
            per = total / k;
        } else {
            per = split.cpusPerAgent();
            if ((long) k * per > total) {
                return Cut.no(k + " agents x " + per + " CPUs need " + (long) k * per + " CPUs, the pool has " + total);
            }
        }
        List<CpuSet> cores = new ArrayList<>();
        for (CpuTopology.Core core : topology.cores()) {
            CpuSet in = core.cpus().intersect(cpus);
            if (!in.isEmpty()) {
                cores.add(in);
            }
        }
        List<CpuSet> agents = new ArrayList<>();
        CpuSet current = CpuSet.parse("");
        for (CpuSet core : cores) {
            if (agents.size() == k) {
                break;
            }
            if (current.size() + core.size() > per) {
                return Cut.no("agents of " + per + " CPUs would split the SMT siblings " + core.format() + " of one core between two agents");
            }
            current = current.union(core);
            if (current.size() == per) {
                agents.add(current);
                current = CpuSet.parse("");
            }
        }
        if (agents.size() < k) {
            return Cut.no("the pool's cores do not make " + k + " agents of " + per + " CPUs");
        }
        return new Cut(agents, null);
    }

    /** The agents' CPU sets, or why there are none. */
    record Cut(List<CpuSet> agents, String reason) {

        static Cut no(String reason) {
            return new Cut(null, reason);
        }
    }
}
