package dev.jobpool.job;

import dev.jobpool.jobtype.Pool;
import dev.jobpool.jobtype.registry.ClientText;
import dev.jobpool.jobtype.registry.JobJson;
import dev.jobpool.jobtype.registry.JobTypeRegistry;
import dev.jobpool.jobtype.registry.JsonItems;
import dev.jobpool.jobtype.registry.RegisteredJobType;
import dev.jobpool.jobtype.registry.Violation;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.NullNode;

/** The one place that decides whether a {@link JobSpec} is runnable, and fills in its defaults. */
@Component
public class JobSpecValidator {

    static final int MAX_PRIORITY = 1000;
    static final int MAX_LABELS = 32;
    static final int MAX_LABEL_LENGTH = 256;
    /** Stop listing errors after this many: the client has enough to fix, and the answer stays small. */
    static final int MAX_VIOLATIONS = 20;

    private final JobTypeRegistry registry;
    private final JobsProperties limits;

    public JobSpecValidator(JobTypeRegistry registry, JobsProperties limits) {
        this.registry = registry;
        this.limits = limits;
    }

    /**
     * A spec that passed every check, with defaults filled in.
     *
     * @param runAt when the job may start; null for at once
     */
    public record ValidSpec(RegisteredJobType type, Pool pool, JsonNode input, JsonItems items, int chunkSize,
            int priority, Duration timeout, int maxAttempts, Map<String, String> labels, Instant runAt) {
    }

    /** Returns the checked spec, or throws {@link InvalidRequestException} naming every field to fix. */
    public ValidSpec validate(JobSpec spec) {
        return validate(spec, Instant.now());
    }

    /** As {@link #validate(JobSpec)}, with {@code now} the moment of submission (for {@code delay} and {@code runAt}). */
    public ValidSpec validate(JobSpec spec, Instant now) {
        List<Violation> violations = new ArrayList<>();
        Instant runAt = startOf(spec.runAt(), spec.delay(), now, violations);
        Optional<RegisteredJobType> type = typeOf(spec.type(), violations);
        Pool pool = type.map(t -> poolOf(spec.pool(), t, violations)).orElse(null);
        Duration timeout = timeoutOf(spec.timeout(), violations);
        int priority = intIn("priority", spec.priority(), 0, -MAX_PRIORITY, MAX_PRIORITY, violations);
        int maxAttempts = intIn("maxAttempts", spec.maxAttempts(), 1, 1, limits.maxAttempts(), violations);
        int chunkSize = intIn("chunkSize", spec.chunkSize(), 0, 1, limits.maxItems(), violations);
        checkLabels(spec.labels(), violations);
        boolean hasInput = spec.input() != null && !spec.input().isNull();
        JsonNode input = hasInput || spec.items() != null ? spec.input() : type.map(JobSpecValidator::absentInput).orElse(null);
        if (spec.items() != null && hasInput) {
            violations.add(new Violation("items", "give either input (one job) or items (a map over many inputs), not both"));
        } else if (spec.items() != null) {
            checkItems(spec.items(), type, violations);
        } else {
            type.ifPresent(t -> violations.addAll(t.validate(input, "input")));
        }
        if (!violations.isEmpty()) {
            throw new InvalidRequestException(violations.subList(0, Math.min(violations.size(), MAX_VIOLATIONS)));
        }
        return new ValidSpec(type.orElseThrow(), pool, input, spec.items(), chunkSize, priority, timeout,
                maxAttempts, spec.labels() == null ? Map.of() : Map.copyOf(spec.labels()), runAt);
    }

    /** When a delayed job may start: {@code runAt}, or {@code delay} after now; null for at once. */
    private Instant startOf(String runAt, String delay, Instant now, List<Violation> violations) {
        if (runAt != null && delay != null) {
            violations.add(new Violation("delay", "give either runAt (an instant) or delay (a duration), not both"));
            return null;
        }
        Instant start;
        String field = runAt != null ? "runAt" : "delay";
        try {
            if (runAt != null) {
                start = Instant.parse(runAt);
            } else if (delay != null) {
                Duration wait = JobJson.parseDuration(delay);
                // compared before it is added: a wait of millennia would overflow Instant instead of being refused
                start = wait.compareTo(limits.maxDelay()) > 0 ? Instant.MAX : now.plus(wait);
            } else {
                return null;
            }
        } catch (DateTimeParseException e) {
            violations.add(new Violation(field, ClientText.quote(runAt) + " is not an instant; write it like "
                    + "\"2026-12-24T18:00:00Z\" (RFC 3339, UTC)"));
            return null;
        } catch (IllegalArgumentException | ArithmeticException e) {
            violations.add(new Violation(field, e.getMessage()));
            return null;
        }
        if (start.isAfter(now.plus(limits.maxDelay()))) {
            violations.add(new Violation(field, "a job may be scheduled at most " + JobJson.formatDuration(limits.maxDelay())
                    + " ahead (jobpool.jobs.max-delay); got " + ClientText.quote(runAt != null ? runAt : delay)));
            return null;
        }
        return start.isAfter(now) ? start : null; // a moment in the past means at once
    }

    /** No input given: an object type sees {@code {}}, so the error names its required properties. */
    private static JsonNode absentInput(RegisteredJobType type) {
        boolean takesObject = "object".equals(type.inputSchema().path("type").asString(""));
        return takesObject ? JsonNodeFactory.instance.objectNode() : NullNode.getInstance();
    }

    private Optional<RegisteredJobType> typeOf(String name, List<Violation> violations) {
        if (name == null || name.isBlank()) {
            violations.add(new Violation("type", "type is required; one of " + registry.names()));
            return Optional.empty();
        }
        Optional<RegisteredJobType> type = registry.find(name);
        if (type.isEmpty()) {
            violations.add(new Violation("type", "unknown job type " + ClientText.quote(name) + "; one of " + registry.names()
                    + " (GET /api/v1/job-types describes them)"));
        }
        return type;
    }

    private static Pool poolOf(String requested, RegisteredJobType type, List<Violation> violations) {
        if (requested == null || requested.equalsIgnoreCase("auto")) {
            return type.pool();
        }
        Pool pool;
        try {
            pool = Pool.valueOf(requested.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            violations.add(new Violation("pool", ClientText.quote(requested) + " is not a pool; write \"auto\", \"io\" or \"cpu\""));
            return null;
        }
        if (!type.allowedPools().contains(pool)) {
            violations.add(new Violation("pool", "job type '" + type.name() + "' runs only on " + type.allowedPools()
                    + "; leave pool out or write \"auto\""));
        }
        return pool;
    }

    private Duration timeoutOf(String text, List<Violation> violations) {
        if (text == null) {
            return limits.defaultTimeout();
        }
        try {
            Duration timeout = JobJson.parseDuration(text);
            if (timeout.isZero() || timeout.compareTo(limits.maxTimeout()) > 0) {
                violations.add(new Violation("timeout", "timeout must be more than 0 and at most "
                        + JobJson.formatDuration(limits.maxTimeout()) + "; got " + ClientText.quote(text)));
            }
            return timeout;
        } catch (IllegalArgumentException e) {
            violations.add(new Violation("timeout", e.getMessage()));
            return null;
        }
    }

    private static int intIn(String field, Integer value, int fallback, int min, int max, List<Violation> violations) {
        if (value == null) {
            return fallback;
        }
        if (value < min || value > max) {
            violations.add(new Violation(field, field + " must be between " + min + " and " + max + "; got " + value));
        }
        return value;
    }

    private static void checkLabels(Map<String, String> labels, List<Violation> violations) {
        if (labels == null) {
            return;
        }
        if (labels.size() > MAX_LABELS) {
            violations.add(new Violation("labels", "at most " + MAX_LABELS + " labels; got " + labels.size()));
            return;
        }
        labels.forEach((key, value) -> {
            if (key.isEmpty() || key.length() > MAX_LABEL_LENGTH || value == null || value.length() > MAX_LABEL_LENGTH
                    || ClientText.hasControlCharacter(key) || ClientText.hasControlCharacter(value)) {
                violations.add(new Violation("labels." + ClientText.shorten(key, ClientText.MAX_QUOTED),
                        "label keys and values are strings of 1 to " + MAX_LABEL_LENGTH
                                + " characters, without control characters"));
            }
        });
    }

    private void checkItems(JsonItems items, Optional<RegisteredJobType> type, List<Violation> violations) {
        if (items.size() == 0) {
            violations.add(new Violation("items", "items is empty; give at least one item, or use input for a single job"));
            return;
        }
        if (items.size() > limits.maxItems()) {
            violations.add(new Violation("items", "at most " + limits.maxItems() + " items per job (jobpool.jobs.max-items); got "
                    + items.size() + "; split the work into several jobs"));
            return;
        }
        if (type.isEmpty()) {
            return;
        }
        violations.addAll(type.get().validateItems(items, MAX_VIOLATIONS));
    }
}
