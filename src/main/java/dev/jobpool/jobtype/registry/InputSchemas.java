package dev.jobpool.jobtype.registry;

import com.github.victools.jsonschema.generator.CustomDefinition;
import com.github.victools.jsonschema.generator.MemberScope;
import com.github.victools.jsonschema.generator.Option;
import com.github.victools.jsonschema.generator.OptionPreset;
import com.github.victools.jsonschema.generator.SchemaGenerator;
import com.github.victools.jsonschema.generator.SchemaGeneratorConfigBuilder;
import com.github.victools.jsonschema.generator.SchemaVersion;
import com.github.victools.jsonschema.module.jackson.JacksonSchemaModule;
import com.github.victools.jsonschema.module.jakarta.validation.JakartaValidationModule;
import com.github.victools.jsonschema.module.jakarta.validation.JakartaValidationOption;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaException;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import java.time.Duration;
import tools.jackson.databind.node.ObjectNode;

/**
 * Generates a JSON Schema (2020-12) from a job type's input class, and compiles it for validation.
 *
 * <p>Every pattern in a generated schema is anchored and runs in linear time ({@link LinearTimePatterns}), so no
 * input can make validation slow.
 */
final class InputSchemas {

    /** What {@link JobJson} accepts as a duration, so the schema and the parser agree. */
    static final String DURATION_PATTERN = "^([0-9]+(ns|us|ms|s|m|h|d)?|P([0-9]+D)?(T([0-9]+H)?([0-9]+M)?([0-9]+(\\.[0-9]+)?S)?)?)$";
    /** Longer than any duration anyone writes; a longer value is refused by its length before its pattern runs. */
    static final int DURATION_MAX_LENGTH = 64;

    private final SchemaGenerator generator;
    private final SchemaRegistry validators = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            registry -> registry.schemaRegistryConfig(SchemaRegistryConfig.builder()
                    .regularExpressionFactory(LinearTimePatterns.INSTANCE).build()));

    InputSchemas() {
        SchemaGeneratorConfigBuilder config = new SchemaGeneratorConfigBuilder(
                JobJson.MAPPER, SchemaVersion.DRAFT_2020_12, OptionPreset.PLAIN_JSON)
                .with(new WholeValuePatterns())
                .with(new JacksonSchemaModule())
                .with(Option.FORBIDDEN_ADDITIONAL_PROPERTIES_BY_DEFAULT, Option.MAP_VALUES_AS_ADDITIONAL_PROPERTIES,
                        Option.SCHEMA_VERSION_INDICATOR);
        config.forTypesInGeneral().withCustomDefinitionProvider((type, context) -> {
            if (type.getErasedType() != Duration.class) {
                return null;
            }
            ObjectNode duration = context.getGeneratorConfig().createObjectNode()
                    .put("type", "string")
                    .put("maxLength", DURATION_MAX_LENGTH)
                    .put("pattern", DURATION_PATTERN)
                    .put("description", "a duration such as \"500ms\", \"30s\", \"5m\" or \"PT30S\"");
            return new CustomDefinition(duration);
        });
        this.generator = new SchemaGenerator(config.build());
    }

    ObjectNode generate(Class<?> inputType) {
        return generator.generateSchema(inputType);
    }

    /**
     * Compiles a schema, patterns included, so a pattern that cannot run stops the start.
     *
     * @throws IllegalArgumentException naming the pattern that cannot run
     */
    Schema compile(ObjectNode schema) {
        try {
            Schema compiled = validators.getSchema(schema);
            compiled.initializeValidators();
            return compiled;
        } catch (SchemaException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IllegalArgumentException(cause.getMessage(), e);
        }
    }

    /**
     * Jakarta's {@code @Pattern} means the whole value matches (it is checked with {@code Matcher.matches}); a JSON
     * Schema pattern matches anywhere in the value, so {@code "GET|HEAD"} would let {@code "XGETX"} through.
     * Anchoring each pattern keeps the annotation's meaning in the schema, for built-in types and plugins alike.
     */
    private static final class WholeValuePatterns extends JakartaValidationModule {

        WholeValuePatterns() {
            super(JakartaValidationOption.NOT_NULLABLE_FIELD_IS_REQUIRED, JakartaValidationOption.INCLUDE_PATTERN_EXPRESSIONS);
        }

        @Override
        protected String resolveStringPattern(MemberScope<?, ?> member) {
            String pattern = super.resolveStringPattern(member);
            return pattern == null ? null : "^(?:" + pattern + ")$";
        }
    }
}
