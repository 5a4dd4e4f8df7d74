package dev.jobpool.jobtype.registry;

import dev.jobpool.jobtype.JobType;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import tools.jackson.databind.node.ObjectNode;

/** Every job type the service knows, by name, with its input schema generated once at start. */
public final class JobTypeRegistry {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9._-]{0,63}");

    private final Map<String, RegisteredJobType> types = new LinkedHashMap<>();
    private final Map<String, String> origins = new LinkedHashMap<>();

    /** Built-in types only, as tests and tools need them. */
    public static JobTypeRegistry ofBuiltIns(List<? extends JobType<?, ?>> jobTypes) {
        return new JobTypeRegistry(jobTypes.stream().map(JobTypeSource::builtIn).toList());
    }

    /** Types from anywhere; a clash of names stops the start and names both origins. */
    public JobTypeRegistry(List<JobTypeSource> sources) {
        InputSchemas schemas = new InputSchemas();
        for (JobTypeSource source : sources) {
            JobType<?, ?> type = source.type();
            String name = type.name();
            if (name == null || !NAME.matcher(name).matches()) {
                throw new IllegalStateException("job type " + type.getClass().getName() + " has the name '" + name
                        + "'; a name is 1 to 64 lower case letters, digits, '.', '-' or '_', starting with a letter");
            }
            if (!type.allowedPools().contains(type.pool())) {
                throw new IllegalStateException("job type '" + name + "' does not allow its own pool " + type.pool());
            }
            if (types.containsKey(name)) {
                throw new IllegalStateException("two job types are named '" + name + "': " + origins.get(name) + " and "
                        + source.origin() + "; rename one (plugins should prefix their names, e.g. 'acme.resize')");
            }
            origins.put(name, source.origin());
            ObjectNode schema = schemas.generate(type.inputType());
            try {
                types.put(name, new RegisteredJobType(type, schema, schemas.compile(schema),
                        schemas.compile(RegisteredJobType.itemsSchemaOf(schema))));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("job type '" + name + "' (" + source.origin() + ") has an input schema "
                        + "that cannot be used: " + e.getMessage(), e);
            }
        }
    }

    public Optional<RegisteredJobType> find(String name) {
        return Optional.ofNullable(types.get(name));
    }

    public Collection<RegisteredJobType> all() {
        return Collections.unmodifiableCollection(types.values());
    }

    public Collection<String> names() {
        return Collections.unmodifiableSet(types.keySet());
    }
}
