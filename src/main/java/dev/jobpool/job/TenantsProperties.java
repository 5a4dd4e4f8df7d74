package dev.jobpool.job;

import dev.jobpool.jobtype.Pool;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Positive;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How tenants share the pools: a weight in the fair-share order of the queue, a quota of queued jobs, and a
 * ceiling on running jobs per pool. {@code defaults} apply to every tenant; {@code named.<tenant>} overrides
 * them for one, e.g. {@code jobpool.tenants.named.team-a.weight=2}.
 *
 * @param defaults the limits of a tenant that is not named
 * @param named limits of particular tenants; an unset field falls back to {@code defaults}
 */
@Validated
@ConfigurationProperties("jobpool.tenants")
public record TenantsProperties(@DefaultValue @Valid Limits defaults, @DefaultValue Map<String, @Valid Limits> named) {

    /** No limits: every tenant weighs 1. */
    public static final TenantsProperties NONE = new TenantsProperties(new Limits(null, null, null), Map.of());

    /**
     * @param weight a tenant of weight 2 gets twice the turns of a tenant of weight 1 while both have a backlog
     * @param maxQueued the most jobs the tenant may have waiting, across pools; more get 429 (0: no quota)
     * @param maxRunning the most jobs of the tenant running at once, per pool (absent: no ceiling)
     */
    public record Limits(@Positive Double weight, @Min(0) Integer maxQueued, Map<Pool, @Positive Integer> maxRunning) {
    }

    public TenantsProperties {
        named = named == null ? Map.of() : Map.copyOf(named);
    }

    public double weight(String tenant) {
        Limits own = named.get(tenant);
        return own != null && own.weight() != null ? own.weight() : defaults.weight() != null ? defaults.weight() : 1;
    }

    /** The tenant's quota of queued jobs; 0 for none. */
    public int maxQueued(String tenant) {
        Limits own = named.get(tenant);
        return own != null && own.maxQueued() != null ? own.maxQueued()
                : defaults.maxQueued() != null ? defaults.maxQueued() : 0;
    }

    /** The tenant's ceiling on running jobs in a pool; 0 for none. */
    public int maxRunning(String tenant, Pool pool) {
        Limits own = named.get(tenant);
        if (own != null && own.maxRunning() != null && own.maxRunning().containsKey(pool)) {
            return own.maxRunning().get(pool);
        }
        return defaults.maxRunning() != null ? defaults.maxRunning().getOrDefault(pool, 0) : 0;
    }

    /** Whether any tenant has a ceiling on running jobs in the pool, so a claim must count what each runs. */
    public boolean hasCeilingsIn(Pool pool) {
        return defaultCeiling(pool) > 0 || named.keySet().stream().anyMatch(tenant -> maxRunning(tenant, pool) > 0);
    }

    private int defaultCeiling(Pool pool) {
        return defaults.maxRunning() != null ? defaults.maxRunning().getOrDefault(pool, 0) : 0;
    }

    /**
     * The room each tenant has left under its ceiling in one pool, as a claim takes jobs: a job of a tenant at
     * its ceiling is skipped (it keeps its place in the queue).
     */
    public final class Ceilings {

        private final Pool pool;
        private final Map<String, Integer> running;
        private final Set<String> full = new TreeSet<>();

        private Ceilings(Pool pool, Map<String, Integer> running) {
            this.pool = pool;
            this.running = new java.util.HashMap<>(running);
            // only a tenant that runs jobs can be at its ceiling (every ceiling is at least 1)
            running.forEach((tenant, jobs) -> {
                if (atCeiling(tenant, jobs)) {
                    full.add(tenant);
                }
            });
        }

        private boolean atCeiling(String tenant, int jobs) {
            int ceiling = maxRunning(tenant, pool);
            return ceiling > 0 && jobs >= ceiling;
        }

        /** Tenants at their ceiling now: a claim need not even look at their jobs. */
        public Set<String> full() {
            return Set.copyOf(full);
        }

        /** Counts a job of the tenant as started, if its ceiling allows; false if the tenant is at its ceiling. */
        public boolean take(String tenant) {
            if (full.contains(tenant)) {
                return false;
            }
            if (atCeiling(tenant, running.merge(tenant, 1, Integer::sum))) {
                full.add(tenant);
            }
            return true;
        }
    }

    /** @param running jobs running per tenant in the pool, on every replica */
    public Ceilings ceilings(Pool pool, Map<String, Integer> running) {
        return new Ceilings(pool, running);
    }

    /**
     * The fair-share rule: a tenant's next job takes the turn after the later of its own last turn and the turn
     * the pool has reached, a step of 1/weight; so a backlog of one tenant interleaves with another's new jobs,
     * and a tenant back from idling does not jump ahead of everyone with the turns it did not use.
     */
    public double nextTurn(String tenant, double tenantsLastTurn, double poolsTurn) {
        return Math.max(tenantsLastTurn, poolsTurn) + 1 / weight(tenant);
    }
}
